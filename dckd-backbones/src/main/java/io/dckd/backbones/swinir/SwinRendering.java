package io.dckd.backbones.swinir;

import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import io.dckd.backbones.norm.NormRendering;
import io.dckd.core.onnx.OnnxGraph;
import io.dckd.core.onnx.OnnxRenderer;
import java.util.List;
import java.util.Map;

/**
 * The ONNX nodes of the DJL layers SwinIR's blocks use on channels-last tensors: {@code nn.Linear}
 * over the last axis and {@code nn.LayerNorm(C)} (eps 1e-5) over the last axis.
 */
final class SwinRendering {

    private SwinRendering() {}

    /** {@code x · weightᵀ + bias} over the last axis (MatMul on the transposed weight, Add). */
    static String linear(OnnxRenderer r, Linear linear, String x) {
        OnnxGraph g = r.graph();
        String wt = g.op("Transpose", List.of(r.parameter(linear.getParameters().get("weight"))), Map.of("perm", new long[] {1, 0}));
        String y = g.op("MatMul", x, wt);
        Parameter bias = linear.getParameters().get("bias");
        return bias == null ? y : g.op("Add", y, r.parameter(bias));
    }

    /** {@code (x − μ)/√(σ² + eps)·γ + β} with μ, σ² over the last axis (as DJL's LayerNorm on axis 3). */
    static String layerNorm(OnnxRenderer r, LayerNorm norm, float eps, String x) {
        OnnxGraph g = r.graph();
        String y = NormRendering.standardize(g, x, -1, eps, true);
        return g.op("Add", g.op("Mul", y, r.parameter(norm.getParameters().get("gamma"))),
                r.parameter(norm.getParameters().get("beta")));
    }
}
