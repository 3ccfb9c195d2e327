package io.dckd.core.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * {@code nn.Conv2d} that runs through {@link SafeConvolution}: right on the libtorch CPU kernels that
 * read memory they never wrote (a forward with input channels above 16 and not a multiple of 16, and the
 * input gradient of a convolution whose output channels are not a multiple of 16). It tells {@code SafeConvolution} whether a
 * backward may reach it: a trainable layer in a training pass, or any layer whose input needs a gradient
 * while autograd records (the frozen encoder that E(S(x)) runs through). Without a backward (teacher,
 * EMA, history, evaluation copies) no output channels are added.
 */
public final class GuardedConv2d extends Conv2d {

    GuardedConv2d(Conv2d.Builder builder) {
        super(builder);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        Device device = input.getDevice();
        NDArray w = ps.getValue(weight, device, training);
        NDArray b = includeBias ? ps.getValue(bias, device, training) : null;
        boolean backward = training && w.hasGradient() || AtenOps.gradientReaches(input);
        return new NDList(SafeConvolution.conv2d(input, w, b, stride, padding, dilation, groups, backward));
    }

    /** A builder of {@code nn.Conv2d}s that are {@link GuardedConv2d}s. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder of {@link GuardedConv2d}s. */
    public static final class Builder extends Conv2d.Builder {
        @Override
        public GuardedConv2d build() {
            validate();
            return new GuardedConv2d(this);
        }
    }
}
