package io.dckd.backbones.kit;

import ai.djl.ndarray.NDArray;
import io.dckd.core.nn.Scalars;
import io.dckd.core.onnx.OnnxGraph;

/**
 * BasicSR's residual connection with a residual scale, {@code x + res · res_scale} (EDSR's
 * {@code ResidualBlockNoBN}, RCAN's {@code RCAB}); the multiplication is left out at scale 1.
 */
public final class ScaledResidual {

    private ScaledResidual() {}

    /** {@code x + res · resScale}. */
    public static NDArray add(NDArray x, NDArray res, float resScale) {
        return x.add(resScale == 1f ? res : Scalars.mul(res, resScale));
    }

    /** {@code x + res · resScale} as ONNX nodes (Mul, Add). */
    public static String render(OnnxGraph g, String x, String res, float resScale) {
        return g.op("Add", x, resScale == 1f ? res : g.op("Mul", res, g.constant(resScale)));
    }
}
