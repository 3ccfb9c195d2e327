package io.dckd.backbones.restormer;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.dckd.backbones.kit.Layers;
import io.dckd.backbones.kit.PixelShuffle;
import io.dckd.backbones.kit.TorchModule;
import io.dckd.backbones.norm.ChannelLayerNorm;
import io.dckd.core.onnx.OnnxRenderable;
import io.dckd.core.onnx.OnnxRenderer;

/**
 * A module that only forwards through one named child, as Restormer's {@code OverlapPatchEmbed}
 * ({@code proj}: 3×3 conv), {@code Downsample} ({@code body}: 3×3 conv n → n/2, PixelUnshuffle(2)),
 * {@code Upsample} ({@code body}: 3×3 conv n → 2n, PixelShuffle(2)) and {@code LayerNorm}
 * ({@code body}: a channel layer norm) do.
 */
public final class Wrapped extends TorchModule implements OnnxRenderable {

    private final Block child;

    private Wrapped(String name, Block child) {
        this.child = addChildBlock(name, child);
    }

    /** {@code OverlapPatchEmbed(in_c, embed_dim, bias)}. */
    public static Wrapped overlapPatchEmbed(int dim, boolean bias) {
        return new Wrapped("proj", Layers.conv(dim, 3, 1, 1, 1, bias));
    }

    /** {@code Downsample(n_feat)}: B×n×H×W → B×2n×H/2×W/2. */
    public static Wrapped downsample(int nFeat) {
        return new Wrapped("body", new SequentialBlock().add(Layers.conv(nFeat / 2, 3, 1, 1, 1, false)).add(PixelShuffle.unshuffle(2)));
    }

    /** {@code Upsample(n_feat)}: B×n×H×W → B×n/2×2H×2W. */
    public static Wrapped upsample(int nFeat) {
        return new Wrapped("body", new SequentialBlock().add(Layers.conv(nFeat * 2, 3, 1, 1, 1, false)).add(PixelShuffle.shuffle(2)));
    }

    /**
     * Restormer's {@code LayerNorm(dim, LayerNorm_type)}: {@code body} is {@code WithBias_LayerNorm} or
     * {@code BiasFree_LayerNorm} over channels, eps 1e-5 (keys {@code body.weight}, {@code body.bias}).
     * Shape preserving.
     *
     * @param withBias true for 'WithBias', false for 'BiasFree'
     */
    public static Wrapped layerNorm(int dim, boolean withBias) {
        return new Wrapped("body", withBias ? ChannelLayerNorm.withBias(dim, 1e-5f) : ChannelLayerNorm.biasFree(dim, 1e-5f));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return child.forward(ps, inputs, training);
    }

    @Override
    public String render(OnnxRenderer r, String x) {
        return r.render(child, x);
    }

    @Override
    protected void initializeChildBlocks(NDManager m, DataType dt, Shape... in) {
        child.initialize(m, dt, in);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        return child.getOutputShapes(in);
    }
}
