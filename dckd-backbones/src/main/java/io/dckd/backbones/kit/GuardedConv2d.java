package io.dckd.backbones.kit;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.dckd.core.nn.AtenOps;

/**
 * {@code nn.Conv2d} whose input gradient stays correct when it has fewer than {@value #MIN_FILTERS}
 * output channels (every network's last convolution, 64 → 3).
 *
 * <p>Why: libtorch 2.7.1's CPU convolution backward for a 3×3 convolution with few output channels
 * reads memory it never wrote and multiplies it by zero. Whatever the allocator handed back is in
 * that memory; when it holds a NaN bit pattern (freed tensors and JVM data often do), the input
 * gradient, and every gradient before it, is NaN, and on a busy machine the step is lost or, with
 * finite garbage, slightly wrong. Measured here: 64 → 3 gave a NaN input gradient in 2 to 3 of every 16
 * backward passes after NaN-filled tensors were freed; 64 → 16 and wider never did (0 of 16 each).
 * This block pads such a convolution to {@value #MIN_FILTERS} output channels with zero filters
 * whenever a backward pass may reach it (a trainable layer in a training pass, or any layer whose input needs a
 * gradient while autograd records: the frozen encoder that E(S(x)) runs through) and returns the first
 * {@code filters} channels: the same values, through the kernel that is right (the zero filters come first, the
 * real ones are the last channels). Without a backward (teacher, EMA, history, evaluation copies) the plain
 * convolution runs: its forward pass is correct, only the backward was not. The frozen case was found by the
 * official-iteration parity test: a frozen 32 → 8 convolution gave an input gradient 41% off on every pass.
 */
public final class GuardedConv2d extends Conv2d {

    /** Output channel count from which the plain convolution backward was found correct. */
    public static final int MIN_FILTERS = 16;

    GuardedConv2d(Conv2d.Builder builder) {
        super(builder);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        Device device = input.getDevice();
        NDArray w = ps.getValue(weight, device, training);
        // a trainable layer in a training pass, or an input that autograd will differentiate (a frozen
        // encoder between the student's output and a loss); validation and frozen targets need no backward
        boolean backward = training && w.hasGradient() || AtenOps.gradientReaches(input);
        if (filters >= MIN_FILTERS || !backward) {
            return super.forwardInternal(ps, inputs, training, params);
        }
        NDArray b = includeBias ? ps.getValue(bias, device, training) : null;
        long[] ws = w.getShape().getShape();
        long extra = MIN_FILTERS - filters;
        // zero filters first, made in the input's manager: the results of concat belong to the manager
        // of its first array, and the model's manager must not collect per-pass arrays
        NDManager m = input.getManager();
        NDArray wide = NDArrays.concat(new NDList(m.zeros(new Shape(extra, ws[1], ws[2], ws[3]), w.getDataType()), w), 0);
        NDArray wideBias = b == null ? null : NDArrays.concat(new NDList(m.zeros(new Shape(extra), b.getDataType()), b), 0);
        NDArray out = conv2d(input, wide, wideBias, stride, padding, dilation, groups).singletonOrThrow();
        return new NDList(out.get(new NDIndex(":, {}:", extra)));
    }

    /** A builder of {@link GuardedConv2d}s. */
    static final class Builder extends Conv2d.Builder {
        @Override
        public GuardedConv2d build() {
            validate();
            return new GuardedConv2d(this);
        }
    }
}
