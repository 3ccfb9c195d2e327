package io.dckd.backbones.norm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.dckd.core.onnx.OnnxRenderer;

/**
 * Layer normalisation over the channel axis of B×C×H×W, per pixel, with biased variance σ².
 *
 * <ul>
 *   <li>{@link #withBias}: y = (x − μ)/√(σ² + eps) · weight + bias — NAFNet's {@code LayerNorm2d}
 *       (basicsr/models/archs/arch_util.py, eps 1e-6) and Restormer's {@code WithBias_LayerNorm}
 *       (eps 1e-5, applied as to_3d → LN over C → to_4d, which is the same per-pixel operation).</li>
 *   <li>{@link #biasFree}: y = x/√(σ² + eps) · weight (x not centred, σ² is) — Restormer's
 *       {@code BiasFree_LayerNorm}.</li>
 * </ul>
 * Parameters {@code weight} (ones) and, with bias, {@code bias} (zeros), shape (C).
 */
public final class ChannelLayerNorm extends AffineNorm {

    private ChannelLayerNorm(int channels, float eps, boolean withBias) {
        super(channels, eps, withBias);
    }

    /** Centred LN with weight and bias. */
    public static ChannelLayerNorm withBias(int channels, float eps) {
        return new ChannelLayerNorm(channels, eps, true);
    }

    /** Restormer's BiasFree LN: weight only, numerator not centred. */
    public static ChannelLayerNorm biasFree(int channels, float eps) {
        return new ChannelLayerNorm(channels, eps, false);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (x.getShape().get(1) != channels) {
            throw new IllegalArgumentException("LayerNorm over " + channels + " channels got input " + x.getShape());
        }
        NDArray centred = x.sub(x.mean(new int[] {1}, true));
        NDArray std = centred.square().mean(new int[] {1}, true).add(eps).sqrt();
        return new NDList(affine(ps, (bias == null ? x : centred).div(std), x, training));
    }

    /** The forward's formula as ReduceMean over axis 1, Sub, Mul, Sqrt, Div and the per-channel affine. */
    @Override
    public String render(OnnxRenderer r, String x) {
        return affine(r, NormRendering.standardize(r.graph(), x, 1, eps, bias != null));
    }
}
