package io.dckd.core.onnx;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * The thread pools of an ONNX Runtime session: {@code intraOp} threads inside one operator (0:
 * ONNX Runtime's default, one per physical core) and {@code interOp} threads between operators (the
 * graph runs sequentially, so 1). {@code dckd restore --threads}, {@code eval}'s {@code num_threads}
 * and {@code bench --threads} end here.
 *
 * @param intraOp intra-op threads, 0 for ONNX Runtime's default
 * @param interOp inter-op threads, 0 for ONNX Runtime's default
 */
public record OrtThreads(int intraOp, int interOp) {

    public OrtThreads {
        if (intraOp < 0 || interOp < 0) {
            throw new IllegalArgumentException("thread counts must be >= 0 (0: ONNX Runtime's default), got intra-op " + intraOp
                    + " and inter-op " + interOp);
        }
    }

    /** {@code intraOp} threads in an operator, one between operators. */
    public static OrtThreads of(int intraOp) {
        return new OrtThreads(intraOp, 1);
    }

    /** Sets both pools on {@code options}: the seam between dckd's settings and the session. */
    public void applyTo(OrtSession.SessionOptions options) throws OrtException {
        options.setIntraOpNumThreads(intraOp);
        options.setInterOpNumThreads(interOp);
    }

    /** e.g. {@code 2 intra-op, 1 inter-op} or {@code default intra-op (one per physical core), 1 inter-op}. */
    @Override
    public String toString() {
        return (intraOp == 0 ? "default intra-op (one per physical core)" : intraOp + " intra-op") + ", "
                + (interOp == 0 ? "default" : interOp) + " inter-op";
    }
}
