package io.dckd.core.io;

import java.io.IOException;

/**
 * A tensor holding NaN or infinite values where dckd needs finite ones: a weights file being read
 * without the user's opt-in, or any tensor being written. The message names the file, the tensor and
 * how many of its values are not finite.
 */
public class NonFiniteTensorException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String tensor;
    private final long count;

    /**
     * @param what what was being done and to which file, e.g. {@code "refusing to write runs/x/net_g.safetensors"}
     * @param tensor the tensor's name
     * @param count its non-finite values ({@link NonFiniteCount#of})
     * @param numel its elements
     * @param advice what to do about it (may be empty)
     */
    public NonFiniteTensorException(String what, String tensor, long count, long numel, String advice) {
        super(what + ": tensor '" + tensor + "' holds " + count + " non-finite value" + (count == 1 ? "" : "s")
                + " (NaN or infinite) of " + numel + (advice.isEmpty() ? "" : "; " + advice));
        this.tensor = tensor;
        this.count = count;
    }

    /** The offending tensor's name. */
    public String tensor() {
        return tensor;
    }

    /** How many of its values are NaN or infinite. */
    public long count() {
        return count;
    }
}
