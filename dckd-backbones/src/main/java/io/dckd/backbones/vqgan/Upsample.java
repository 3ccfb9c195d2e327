package io.dckd.backbones.vqgan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.dckd.backbones.kit.Layers;
import io.dckd.backbones.kit.TorchModule;

/**
 * Taming's {@code Upsample(with_conv=True)}: nearest-neighbour ×2
 * ({@code F.interpolate(scale_factor=2, mode="nearest")}), then {@code conv} 3×3, padding 1.
 * B×C×H×W → B×C×2H×2W.
 */
public final class Upsample extends TorchModule {

    private final Block conv;

    /** Upsampling of {@code channels} channels. */
    public Upsample(int channels) {
        conv = addChildBlock("conv", Layers.conv3x3(channels));
    }

    /** Nearest ×2: out[.., y, x] = in[.., y/2, x/2]. */
    public static NDArray nearest2x(NDArray x) {
        long[] s = x.getShape().getShape();
        return x.reshape(s[0], s[1], s[2], 1, s[3], 1)
                .broadcast(new Shape(s[0], s[1], s[2], 2, s[3], 2))
                .reshape(s[0], s[1], s[2] * 2, s[3] * 2);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(call(conv, ps, nearest2x(inputs.singletonOrThrow()), training));
    }

    @Override
    protected void initializeChildBlocks(NDManager m, DataType dt, Shape... in) {
        initChild(conv, m, dt, doubled(in[0]));
    }

    private static Shape doubled(Shape s) {
        return new Shape(s.get(0), s.get(1), s.get(2) * 2, s.get(3) * 2);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        return new Shape[] {doubled(in[0])};
    }
}
