package io.dckd.backbones.vqgan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.dckd.backbones.kit.Layers;
import io.dckd.backbones.kit.TorchModule;
import io.dckd.backbones.norm.GroupNorm;
import io.dckd.core.onnx.OnnxRenderable;
import io.dckd.core.onnx.OnnxRenderer;

/**
 * Taming's {@code ResnetBlock} without timestep embedding (taming/modules/diffusionmodules/model.py):
 * h = conv2(dropout(swish(norm2(conv1(swish(norm1(x))))))); out = shortcut(x) + h, where the
 * shortcut is the 1×1 conv {@code nin_shortcut} when C_in ≠ C_out, else identity.
 * B×C_in×H×W → B×C_out×H×W.
 */
public final class ResnetBlock extends TorchModule implements OnnxRenderable {

    private final int outChannels;
    private final float dropout;
    private final Block norm1;
    private final Block conv1;
    private final Block norm2;
    private final Block conv2;
    private final Block ninShortcut;

    /** A block from {@code in} to {@code out} channels. */
    public ResnetBlock(int in, int out, float dropout, int groups) {
        this.outChannels = out;
        this.dropout = dropout;
        norm1 = addChildBlock("norm1", GroupNorm.taming(in, groups));
        conv1 = addChildBlock("conv1", Layers.conv3x3(out));
        norm2 = addChildBlock("norm2", GroupNorm.taming(out, groups));
        conv2 = addChildBlock("conv2", Layers.conv3x3(out));
        ninShortcut = in != out ? addChildBlock("nin_shortcut", Layers.conv1x1(out)) : null;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray h = call(conv1, ps, GroupNorm.thenSwish(norm1, ps, x, training), training);
        h = GroupNorm.thenSwish(norm2, ps, h, training);
        if (dropout > 0) {
            h = Dropout.dropout(h, dropout, training).singletonOrThrow();
        }
        h = call(conv2, ps, h, training);
        NDArray shortcut = ninShortcut == null ? x : call(ninShortcut, ps, x, training);
        return new NDList(shortcut.add(h));
    }

    /** The inference forward as ONNX nodes (dropout is the identity there). */
    @Override
    public String render(OnnxRenderer r, String x) {
        String h = r.render(conv1, GroupNorm.renderThenSwish(norm1, r, x));
        h = r.render(conv2, GroupNorm.renderThenSwish(norm2, r, h));
        return r.graph().op("Add", ninShortcut == null ? x : r.render(ninShortcut, x), h);
    }

    @Override
    protected void initializeChildBlocks(NDManager m, DataType dt, Shape... in) {
        Shape s = initChild(norm1, m, dt, in[0]);
        s = initChild(conv1, m, dt, s);
        s = initChild(norm2, m, dt, s);
        initChild(conv2, m, dt, s);
        if (ninShortcut != null) {
            initChild(ninShortcut, m, dt, in[0]);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        return new Shape[] {new Shape(in[0].get(0), outChannels, in[0].get(2), in[0].get(3))};
    }
}
