package io.dckd.backbones.vqgan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.dckd.backbones.kit.TorchModule;
import io.dckd.core.onnx.OnnxRenderable;
import io.dckd.core.onnx.OnnxRenderer;

/** Taming's {@code mid}: block_1 (ResnetBlock), attn_1 (AttnBlock), block_2 (ResnetBlock), C→C. */
public final class MidBlock extends TorchModule implements OnnxRenderable {

    private final Block block1;
    private final Block attn1;
    private final Block block2;

    MidBlock(int channels, float dropout, int groups) {
        block1 = addChildBlock("block_1", new ResnetBlock(channels, channels, dropout, groups));
        attn1 = addChildBlock("attn_1", new AttnBlock(channels, groups));
        block2 = addChildBlock("block_2", new ResnetBlock(channels, channels, dropout, groups));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray h = call(block1, ps, inputs.singletonOrThrow(), training);
        h = call(attn1, ps, h, training);
        return new NDList(call(block2, ps, h, training));
    }

    @Override
    public String render(OnnxRenderer r, String x) {
        return r.render(block2, r.render(attn1, r.render(block1, x)));
    }

    @Override
    protected void initializeChildBlocks(NDManager m, DataType dt, Shape... in) {
        for (Block b : new Block[] {block1, attn1, block2}) {
            initChild(b, m, dt, in[0]);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        return new Shape[] {in[0]};
    }
}
