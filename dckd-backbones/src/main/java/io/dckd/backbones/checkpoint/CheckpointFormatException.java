package io.dckd.backbones.checkpoint;

import java.io.IOException;

/**
 * A checkpoint file that cannot be read safely: malformed, truncated, hostile (a pickle naming a
 * global outside the allowlist), over a size limit, or in an unsupported format. The message says
 * what was expected, what was found, where, and what to do.
 */
public class CheckpointFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /** An error with a complete message. */
    public CheckpointFormatException(String message) {
        super(message);
    }

    /** An error caused by a lower-level failure (zip or I/O library). */
    public CheckpointFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
