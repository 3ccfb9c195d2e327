package io.dckd.backbones.nafnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.dckd.core.onnx.OnnxGraph;

/** NAFNet's {@code SimpleGate}: split channels in two halves x1, x2 and return x1 ⊙ x2 (B×2C×H×W → B×C×H×W). */
public final class SimpleGate {

    private SimpleGate() {}

    /** x1 ⊙ x2 for the two channel halves of {@code x}. */
    public static NDArray apply(NDArray x) {
        NDList halves = x.split(2, 1);
        return halves.get(0).mul(halves.get(1));
    }

    /** {@link #apply} as ONNX nodes on value {@code x} of {@code channels} (2C) channels: two Slices and a Mul. */
    public static String render(OnnxGraph g, String x, long channels) {
        String[] halves = g.chunks(x, 1, 2, channels);
        return g.op("Mul", halves[0], halves[1]);
    }
}
