package io.dckd.backbones.norm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import io.dckd.backbones.kit.TorchModule;
import io.dckd.core.onnx.OnnxRenderable;
import io.dckd.core.onnx.OnnxRenderer;

/**
 * What the channel and group norms share: a normalisation of B×C×H×W followed by PyTorch's
 * per-channel affine, with parameters {@code weight} (ones) and, where the norm has one, {@code bias}
 * (zeros), shape (C). Shape preserving.
 */
abstract class AffineNorm extends AbstractBlock implements OnnxRenderable {

    /** C. */
    protected final int channels;
    protected final float eps;
    protected final Parameter weight;
    /** Null for a norm without bias. */
    protected final Parameter bias;

    AffineNorm(int channels, float eps, boolean withBias) {
        this.channels = channels;
        this.eps = eps;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.GAMMA)
                .optInitializer(Initializer.ONES).optShape(new Shape(channels)).build());
        this.bias = withBias ? addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BETA)
                .optInitializer(Initializer.ZEROS).optShape(new Shape(channels)).build()) : null;
    }

    /** {@code normed · weight[c] + bias[c]} for the input {@code x} that {@code normed} was computed from. */
    protected final NDArray affine(ParameterStore ps, NDArray normed, NDArray x, boolean training) {
        NDArray y = normed.mul(TorchModule.perChannel(ps.getValue(weight, x.getDevice(), training), x));
        return bias == null ? y : y.add(TorchModule.perChannel(ps.getValue(bias, x.getDevice(), training), x));
    }

    /** The same affine as ONNX nodes ({@link NormRendering#affine}). */
    protected final String affine(OnnxRenderer r, String normed) {
        return NormRendering.affine(r, normed, weight, bias);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        return new Shape[] {in[0]};
    }
}
