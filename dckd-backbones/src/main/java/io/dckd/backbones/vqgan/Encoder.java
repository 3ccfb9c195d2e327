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
import io.dckd.backbones.kit.ModuleList;
import io.dckd.backbones.kit.TorchModule;
import io.dckd.backbones.norm.GroupNorm;
import io.dckd.core.nn.Scoped;
import io.dckd.core.onnx.OnnxRenderable;
import io.dckd.core.onnx.OnnxRenderer;

/**
 * Taming's {@code Encoder} (taming/modules/diffusionmodules/model.py): conv_in; for each level i
 * of ch_mult, num_res_blocks ResnetBlocks (each followed by an AttnBlock where the nominal
 * resolution resolution/2^i is in attn_resolutions) and, except at the last level, a Downsample;
 * mid (ResBlock, Attn, ResBlock); GroupNorm, swish, conv_out to z_channels (×2 if double_z).
 * B×in×H×W → B×z×H/2^(L−1)×W/2^(L−1).
 *
 * <p>{@link #run} also returns the level features: the output of ResnetBlock 0 of every level,
 * before attention (what the official DCKD code's {@code get_feas} reads from this encoder).
 */
public final class Encoder extends TorchModule implements OnnxRenderable {

    private final VqganConfig.DdConfig dd;
    private final Block convIn;
    private final ModuleList down;
    private final Block mid;
    private final Block normOut;
    private final Block convOut;

    /** Builds the encoder of {@code dd}. */
    public Encoder(VqganConfig.DdConfig dd) {
        this.dd = dd;
        convIn = addChildBlock("conv_in", Layers.conv3x3(dd.ch()));
        down = addChildBlock("down", new ModuleList());
        int blockIn = dd.ch();
        for (int i = 0; i < dd.levels(); i++) {
            int out = dd.levelChannels(i);
            down.add(new Level(blockIn, out, dd.numResBlocks(), dd.hasAttention(i), dd.dropout(), dd.normGroups(),
                    i == dd.levels() - 1 ? null : "downsample"));
            blockIn = out;
        }
        mid = addChildBlock("mid", new MidBlock(blockIn, dd.dropout(), dd.normGroups()));
        normOut = addChildBlock("norm_out", GroupNorm.taming(blockIn, dd.normGroups()));
        convOut = addChildBlock("conv_out", Layers.conv3x3(dd.doubleZ() ? 2 * dd.zChannels() : dd.zChannels()));
    }

    private static boolean isTap(NDList levels, NDArray a) {
        for (NDArray l : levels) {
            if (l == a) {
                return true;
            }
        }
        return false;
    }

    /**
     * One pass: the per-level features and, when {@code full}, the latent (else the pass stops
     * right after the last level's ResnetBlock 0, as {@code get_feas} does, and the latent is null).
     */
    public Result run(ParameterStore ps, NDArray x, boolean training, boolean full) {
        NDList levels = new NDList(dd.levels());
        NDArray h = call(convIn, ps, x, training);
        int last = dd.levels() - 1;
        for (int i = 0; i <= last; i++) {
            Level level = (Level) down.get(i);
            for (int j = 0; j < level.size(); j++) {
                int block = j;
                NDArray in = h;
                // one ResnetBlock's arrays alive at a time (Scoped.link); the level features are kept
                h = Scoped.linkOne(isTap(levels, in) ? null : in, () -> level.block(block, ps, in, training));
                if (j == 0) {
                    levels.add(h);
                    if (i == last && !full) {
                        return new Result(levels, null);
                    }
                }
                NDArray blockOut = h;
                h = Scoped.linkOne(isTap(levels, blockOut) ? null : blockOut, () -> level.attn(block, ps, blockOut, training));
            }
            h = level.resample(ps, h, training);
        }
        h = call(mid, ps, h, training);
        h = call(convOut, ps, GroupNorm.thenSwish(normOut, ps, h, training), training);
        return new Result(levels, h);
    }

    /**
     * @param levels ResnetBlock-0 outputs, level 1 (full resolution) first
     * @param latent encoder output z, or null when the pass stopped early
     */
    public record Result(NDList levels, NDArray latent) {}

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(run(ps, inputs.singletonOrThrow(), training, true).latent());
    }

    /** The forward (the latent z) as ONNX nodes. */
    @Override
    public String render(OnnxRenderer r, String x) {
        String h = r.render(convIn, x);
        for (int i = 0; i < down.size(); i++) {
            h = r.render(down.get(i), h);
        }
        return r.render(convOut, GroupNorm.renderThenSwish(normOut, r, r.render(mid, h)));
    }

    /** The first level feature (ResnetBlock 0 of level 1, full resolution) as ONNX nodes. */
    String renderFirstLevel(OnnxRenderer r, String x) {
        return ((Level) down.get(0)).renderBlock(r, 0, r.render(convIn, x));
    }

    @Override
    protected void initializeChildBlocks(NDManager m, DataType dt, Shape... in) {
        Shape s = initChild(convIn, m, dt, in[0]);
        for (int i = 0; i < down.size(); i++) {
            s = initChild(down.get(i), m, dt, s);
        }
        s = initChild(mid, m, dt, s);
        s = initChild(normOut, m, dt, s);
        initChild(convOut, m, dt, s);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        Shape s = convIn.getOutputShapes(in)[0];
        for (int i = 0; i < down.size(); i++) {
            s = down.get(i).getOutputShapes(new Shape[] {s})[0];
        }
        return convOut.getOutputShapes(new Shape[] {s});
    }
}
