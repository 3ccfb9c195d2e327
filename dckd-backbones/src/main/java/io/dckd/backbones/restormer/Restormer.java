package io.dckd.backbones.restormer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.dckd.backbones.kit.Layers;
import io.dckd.backbones.kit.TorchModule;
import io.dckd.core.nn.ScopedSequentialBlock;
import io.dckd.core.onnx.OnnxGraph;
import io.dckd.core.onnx.OnnxRenderable;
import io.dckd.core.onnx.OnnxRenderer;
import java.util.List;
import java.util.Map;

/**
 * Restormer (swz30/Restormer basicsr/models/archs/restormer_arch.py), a 4-level U-Net of
 * {@link TransformerBlock}s with channels dim, 2dim, 4dim, 8dim:
 * <pre>
 *   e1 = encoder_level1(patch_embed(inp));  e2 = encoder_level2(down1_2(e1));  e3 = encoder_level3(down2_3(e2))
 *   l  = latent(down3_4(e3))
 *   d3 = decoder_level3(reduce_chan_level3(cat(up4_3(l), e3)))
 *   d2 = decoder_level2(reduce_chan_level2(cat(up3_2(d3), e2)))
 *   d1 = refinement(decoder_level1(cat(up2_1(d2), e1)))          (2dim channels, no reduction)
 *   out = output(d1) + inp
 * </pre>
 * B×C×H×W → B×C×H×W; H and W must be multiples of 8 (the official test pads by reflection).
 * The dual-pixel variant is not provided.
 */
public final class Restormer extends TorchModule implements OnnxRenderable {

    private final Block patchEmbed;
    private final Block encoderLevel1;
    private final Block down12;
    private final Block encoderLevel2;
    private final Block down23;
    private final Block encoderLevel3;
    private final Block down34;
    private final Block latent;
    private final Block up43;
    private final Block reduceChanLevel3;
    private final Block decoderLevel3;
    private final Block up32;
    private final Block reduceChanLevel2;
    private final Block decoderLevel2;
    private final Block up21;
    private final Block decoderLevel1;
    private final Block refinement;
    private final Block output;

    /**
     * @param inpChannels input channels
     * @param outChannels output channels (must equal input for the residual)
     * @param dim channels of level 1
     * @param numBlocks TransformerBlocks of levels 1..4 (decoders reuse levels 1..3)
     * @param numRefinementBlocks refinement TransformerBlocks
     * @param heads attention heads of levels 1..4
     * @param ffnExpansion GDFN expansion factor
     * @param bias bias in convolutions
     * @param withBiasNorm 'WithBias' (true) or 'BiasFree' LayerNorm
     */
    public Restormer(int inpChannels, int outChannels, int dim, int[] numBlocks, int numRefinementBlocks, int[] heads,
            double ffnExpansion, boolean bias, boolean withBiasNorm) {
        if (numBlocks.length != 4 || heads.length != 4) {
            throw new IllegalArgumentException("Restormer needs 4 entries in num_blocks and heads, got "
                    + numBlocks.length + " and " + heads.length);
        }
        patchEmbed = addChildBlock("patch_embed", Wrapped.overlapPatchEmbed(dim, false));
        encoderLevel1 = addChildBlock("encoder_level1", level(dim, heads[0], numBlocks[0], ffnExpansion, bias, withBiasNorm));
        down12 = addChildBlock("down1_2", Wrapped.downsample(dim));
        encoderLevel2 = addChildBlock("encoder_level2", level(dim * 2, heads[1], numBlocks[1], ffnExpansion, bias, withBiasNorm));
        down23 = addChildBlock("down2_3", Wrapped.downsample(dim * 2));
        encoderLevel3 = addChildBlock("encoder_level3", level(dim * 4, heads[2], numBlocks[2], ffnExpansion, bias, withBiasNorm));
        down34 = addChildBlock("down3_4", Wrapped.downsample(dim * 4));
        latent = addChildBlock("latent", level(dim * 8, heads[3], numBlocks[3], ffnExpansion, bias, withBiasNorm));
        up43 = addChildBlock("up4_3", Wrapped.upsample(dim * 8));
        reduceChanLevel3 = addChildBlock("reduce_chan_level3", Layers.conv(dim * 4, 1, 1, 0, 1, bias));
        decoderLevel3 = addChildBlock("decoder_level3", level(dim * 4, heads[2], numBlocks[2], ffnExpansion, bias, withBiasNorm));
        up32 = addChildBlock("up3_2", Wrapped.upsample(dim * 4));
        reduceChanLevel2 = addChildBlock("reduce_chan_level2", Layers.conv(dim * 2, 1, 1, 0, 1, bias));
        decoderLevel2 = addChildBlock("decoder_level2", level(dim * 2, heads[1], numBlocks[1], ffnExpansion, bias, withBiasNorm));
        up21 = addChildBlock("up2_1", Wrapped.upsample(dim * 2));
        decoderLevel1 = addChildBlock("decoder_level1", level(dim * 2, heads[0], numBlocks[0], ffnExpansion, bias, withBiasNorm));
        refinement = addChildBlock("refinement", level(dim * 2, heads[0], numRefinementBlocks, ffnExpansion, bias, withBiasNorm));
        output = addChildBlock("output", Layers.conv(outChannels, 3, 1, 1, 1, bias));
    }

    private static SequentialBlock level(int dim, int heads, int n, double ffn, boolean bias, boolean withBiasNorm) {
        SequentialBlock seq = new ScopedSequentialBlock();
        for (int i = 0; i < n; i++) {
            seq.add(new TransformerBlock(dim, heads, ffn, bias, withBiasNorm));
        }
        return seq;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray inp = inputs.singletonOrThrow();
        long h = inp.getShape().get(2);
        long w = inp.getShape().get(3);
        if (h % 8 != 0 || w % 8 != 0) {
            throw new IllegalArgumentException("Restormer needs height and width divisible by 8 (three PixelUnshuffle(2)), got " + inp.getShape());
        }
        NDArray e1 = call(encoderLevel1, ps, call(patchEmbed, ps, inp, training), training);
        NDArray e2 = call(encoderLevel2, ps, call(down12, ps, e1, training), training);
        NDArray e3 = call(encoderLevel3, ps, call(down23, ps, e2, training), training);
        NDArray l = call(latent, ps, call(down34, ps, e3, training), training);
        NDArray d3 = NDArrays.concat(new NDList(call(up43, ps, l, training), e3), 1);
        d3 = call(decoderLevel3, ps, call(reduceChanLevel3, ps, d3, training), training);
        NDArray d2 = NDArrays.concat(new NDList(call(up32, ps, d3, training), e2), 1);
        d2 = call(decoderLevel2, ps, call(reduceChanLevel2, ps, d2, training), training);
        NDArray d1 = NDArrays.concat(new NDList(call(up21, ps, d2, training), e1), 1);
        d1 = call(refinement, ps, call(decoderLevel1, ps, d1, training), training);
        return new NDList(call(output, ps, d1, training).add(inp));
    }

    /** The forward as ONNX nodes (height and width multiples of 8; {@code OnnxRenderer.render(Backbone, ...)} pads). */
    @Override
    public String render(OnnxRenderer r, String inp) {
        OnnxGraph g = r.graph();
        String e1 = r.render(encoderLevel1, r.render(patchEmbed, inp));
        String e2 = r.render(encoderLevel2, r.render(down12, e1));
        String e3 = r.render(encoderLevel3, r.render(down23, e2));
        String l = r.render(latent, r.render(down34, e3));
        String d3 = r.render(decoderLevel3, r.render(reduceChanLevel3, concat(g, r.render(up43, l), e3)));
        String d2 = r.render(decoderLevel2, r.render(reduceChanLevel2, concat(g, r.render(up32, d3), e2)));
        String d1 = r.render(refinement, r.render(decoderLevel1, concat(g, r.render(up21, d2), e1)));
        return g.op("Add", r.render(output, d1), inp);
    }

    private static String concat(OnnxGraph g, String a, String b) {
        return g.op("Concat", List.of(a, b), Map.of("axis", 1L));
    }

    @Override
    protected void initializeChildBlocks(NDManager m, DataType dt, Shape... in) {
        Shape e1 = initChild(encoderLevel1, m, dt, initChild(patchEmbed, m, dt, in[0]));
        Shape e2 = initChild(encoderLevel2, m, dt, initChild(down12, m, dt, e1));
        Shape e3 = initChild(encoderLevel3, m, dt, initChild(down23, m, dt, e2));
        Shape l = initChild(latent, m, dt, initChild(down34, m, dt, e3));
        Shape d3 = initChild(decoderLevel3, m, dt, initChild(reduceChanLevel3, m, dt, cat(initChild(up43, m, dt, l), e3)));
        Shape d2 = initChild(decoderLevel2, m, dt, initChild(reduceChanLevel2, m, dt, cat(initChild(up32, m, dt, d3), e2)));
        Shape d1 = initChild(refinement, m, dt, initChild(decoderLevel1, m, dt, cat(initChild(up21, m, dt, d2), e1)));
        initChild(output, m, dt, d1);
    }

    private static Shape cat(Shape a, Shape b) {
        return new Shape(a.get(0), a.get(1) + b.get(1), a.get(2), a.get(3));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        return new Shape[] {in[0]};
    }
}
