package io.dckd.tasks.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An image file that cannot be decoded into an RGB image: missing, zero bytes, truncated, corrupt,
 * or in a format javax.imageio cannot read. The message names the file; dataset loaders turn this
 * into "skip with a warning naming the file".
 */
public class BadImageException extends IOException {

    private final transient Path file;
    private final String reason;

    public BadImageException(Path file, String reason, Throwable cause) {
        super("cannot read image " + file + ": " + reason, cause);
        this.file = file;
        this.reason = reason;
    }

    public BadImageException(Path file, String reason) {
        this(file, reason, null);
    }

    /** The file that could not be read. */
    public Path file() {
        return file;
    }

    /** What is wrong with the file, without its name (for reports that name it separately). */
    public String reason() {
        return reason;
    }
}
