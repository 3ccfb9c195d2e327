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

/**
 * Taming's {@code Decoder} (taming/modules/diffusionmodules/model.py): conv_in (z → ch·ch_mult[L−1]),
 * mid (ResBlock, Attn, ResBlock), then levels i = L−1 … 0, each num_res_blocks+1 ResnetBlocks
 * (with AttnBlocks at nominal resolutions in attn_resolutions) and, except level 0, an Upsample;
 * GroupNorm, swish, conv_out to out_ch. {@code up[i]} is level i, as taming's {@code up.insert(0, ...)}
 * orders them. B×z×h×w → B×out_ch×h·2^(L−1)×w·2^(L−1).
 */
public final class Decoder extends TorchModule {

    private final Block convIn;
    private final Block mid;
    private final ModuleList up;
    private final Block normOut;
    private final Block convOut;

    /** Builds the decoder of {@code dd}. */
    public Decoder(VqganConfig.DdConfig dd) {
        int levels = dd.levels();
        int blockIn = dd.levelChannels(levels - 1);
        convIn = addChildBlock("conv_in", Layers.conv3x3(blockIn));
        mid = addChildBlock("mid", new MidBlock(blockIn, dd.dropout(), dd.normGroups()));
        Level[] ups = new Level[levels];
        for (int i = levels - 1; i >= 0; i--) {
            int out = dd.levelChannels(i);
            ups[i] = new Level(blockIn, out, dd.numResBlocks() + 1, dd.hasAttention(i), dd.dropout(), dd.normGroups(), i == 0 ? null : "upsample");
            blockIn = out;
        }
        up = addChildBlock("up", new ModuleList());
        for (Level l : ups) {
            up.add(l);
        }
        normOut = addChildBlock("norm_out", GroupNorm.taming(blockIn, dd.normGroups()));
        convOut = addChildBlock("conv_out", Layers.conv3x3(dd.outCh()));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray h = call(convIn, ps, inputs.singletonOrThrow(), training);
        h = call(mid, ps, h, training);
        for (int i = up.size() - 1; i >= 0; i--) {
            h = call(up.get(i), ps, h, training);
        }
        return new NDList(call(convOut, ps, GroupNorm.thenSwish(normOut, ps, h, training), training));
    }

    @Override
    protected void initializeChildBlocks(NDManager m, DataType dt, Shape... in) {
        Shape s = initChild(convIn, m, dt, in[0]);
        s = initChild(mid, m, dt, s);
        for (int i = up.size() - 1; i >= 0; i--) {
            s = initChild(up.get(i), m, dt, s);
        }
        s = initChild(normOut, m, dt, s);
        initChild(convOut, m, dt, s);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        Shape s = convIn.getOutputShapes(in)[0];
        for (int i = up.size() - 1; i >= 0; i--) {
            s = up.get(i).getOutputShapes(new Shape[] {s})[0];
        }
        return convOut.getOutputShapes(new Shape[] {s});
    }
}
