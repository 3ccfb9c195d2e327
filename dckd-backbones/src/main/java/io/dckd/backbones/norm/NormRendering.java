package io.dckd.backbones.norm;

import ai.djl.nn.Parameter;
import io.dckd.core.onnx.OnnxGraph;
import io.dckd.core.onnx.OnnxRenderer;

/** The ONNX nodes the channel and group norms share: standardisation over one axis and the per-channel affine. */
public final class NormRendering {

    private NormRendering() {}

    /**
     * {@code (centred ? x − μ : x) / √(σ² + eps)} with μ and the biased σ² over {@code axis} of {@code x}
     * (ReduceMean, Sub, Mul, Add, Sqrt, Div).
     */
    public static String standardize(OnnxGraph g, String x, long axis, float eps, boolean centred) {
        String c = g.op("Sub", x, g.reduceMean(x, axis));
        String std = g.op("Sqrt", g.op("Add", g.reduceMean(g.op("Mul", c, c), axis), g.constant(eps)));
        return g.op("Div", centred ? c : x, std);
    }

    /** {@code y · weight[c] + bias[c]} on NCHW (no bias term when {@code bias} is null). */
    public static String affine(OnnxRenderer r, String y, Parameter weight, Parameter bias) {
        String scaled = r.graph().op("Mul", y, r.perChannel(weight));
        return bias == null ? scaled : r.graph().op("Add", scaled, r.perChannel(bias));
    }
}
