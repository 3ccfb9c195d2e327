package io.dckd.core.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/** How far an exported model under ONNX Runtime is from the block's DJL inference forward. */
public final class OnnxParity {

    private OnnxParity() {}

    /** max |ORT(x) − block(x)| over the image output; the two outputs must have one shape. */
    public static double maxAbsDiff(Block block, OnnxRuntimeModel ort, NDArray x) {
        try (NDManager scratch = x.getManager().newSubManager()) {
            NDArray expected = forward(block, x);
            expected.attach(scratch);
            NDArray actual = ort.forward(x);
            double diff = maxAbsDiff(expected, actual);
            actual.close();
            return diff;
        }
    }

    /** The block's DJL inference forward of {@code x} (its image output), in {@code x}'s manager. */
    public static NDArray forward(Block block, NDArray x) {
        return block.forward(new ParameterStore(x.getManager(), false), new NDList(x), false).head();
    }

    /**
     * max |ORT(x) − expected| for the DJL result {@code expected} of the same input (e.g.
     * {@code Network.infer(x)}, which pads to the size multiple as the exported graph does).
     */
    public static double maxAbsDiff(NDArray expected, OnnxRuntimeModel ort, NDArray x) {
        try (NDArray actual = ort.forward(x)) {
            return maxAbsDiff(expected, actual);
        }
    }

    private static double maxAbsDiff(NDArray expected, NDArray actual) {
        if (!actual.getShape().equals(expected.getShape())) {
            throw new IllegalStateException("ONNX Runtime output " + actual.getShape() + " != DJL output " + expected.getShape());
        }
        return actual.toType(expected.getDataType(), false).sub(expected).abs().max().getFloat();
    }
}
