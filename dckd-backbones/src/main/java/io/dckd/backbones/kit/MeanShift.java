package io.dckd.backbones.kit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.dckd.core.nn.Casts;
import io.dckd.core.nn.Scalars;
import io.dckd.core.nn.TorchOwned;
import io.dckd.core.onnx.OnnxGraph;

/**
 * The input normalisation of BasicSR's EDSR, RCAN and SwinIR: {@code x ← (x − mean)·img_range} on
 * the way in and {@code x ← x / img_range + mean} on the way out, with {@code mean} of shape
 * 1×C×1×1 (DIV2K RGB mean (0.4488, 0.4371, 0.4040) by default). The mean is a constant, not a
 * parameter, so it is not in the state dict.
 */
public final class MeanShift {

    private final float[] mean;
    private final float imgRange;

    /** @param mean per-channel mean; @param imgRange the image range (1 or 255) */
    public MeanShift(float[] mean, float imgRange) {
        if (!(imgRange > 0)) {
            throw new IllegalArgumentException("img_range must be > 0, got " + imgRange);
        }
        this.mean = mean.clone();
        this.imgRange = imgRange;
    }

    public float imgRange() {
        return imgRange;
    }

    private NDArray meanLike(NDArray x) {
        if (x.getShape().get(1) != mean.length) {
            throw new IllegalArgumentException("expected " + mean.length + " input channels, got shape " + x.getShape());
        }
        return Casts.like(TorchOwned.floats(x.getManager(), mean, new Shape(1, mean.length, 1, 1)), x);
    }

    /** (x − mean)·img_range. */
    public NDArray normalize(NDArray x) {
        NDArray m = meanLike(x);
        return Scalars.mul(x.sub(m), imgRange);
    }

    /** {@link #normalize} as ONNX nodes on value {@code x}. */
    public String renderNormalize(OnnxGraph g, String x) {
        return g.op("Mul", g.op("Sub", x, meanConstant(g)), g.constant(imgRange));
    }

    /** x / img_range + mean. */
    public NDArray denormalize(NDArray x) {
        NDArray m = meanLike(x);
        return Scalars.div(x, imgRange).add(m);
    }

    /** {@link #denormalize} as ONNX nodes on value {@code x}. */
    public String renderDenormalize(OnnxGraph g, String x) {
        return g.op("Add", g.op("Div", x, g.constant(imgRange)), meanConstant(g));
    }

    private String meanConstant(OnnxGraph g) {
        return g.constant(mean, 1, mean.length, 1, 1);
    }
}
