package io.dckd.backbones.restormer;

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

/** Restormer's {@code TransformerBlock}: x = x + attn(norm1(x)); x = x + ffn(norm2(x)). Shape preserving. */
public final class TransformerBlock extends TorchModule implements OnnxRenderable {

    private final Block norm1;
    private final Block attn;
    private final Block norm2;
    private final Block ffn;

    /** A block over {@code dim} channels. */
    public TransformerBlock(int dim, int heads, double ffnExpansion, boolean bias, boolean withBiasNorm) {
        norm1 = addChildBlock("norm1", Wrapped.layerNorm(dim, withBiasNorm));
        attn = addChildBlock("attn", new MDTA(dim, heads, bias));
        norm2 = addChildBlock("norm2", Wrapped.layerNorm(dim, withBiasNorm));
        ffn = addChildBlock("ffn", new GDFN(dim, ffnExpansion, bias));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        x = x.add(call(attn, ps, call(norm1, ps, x, training), training));
        return new NDList(x.add(call(ffn, ps, call(norm2, ps, x, training), training)));
    }

    @Override
    public String render(OnnxRenderer r, String x) {
        String y = r.graph().op("Add", x, r.render(attn, r.render(norm1, x)));
        return r.graph().op("Add", y, r.render(ffn, r.render(norm2, y)));
    }

    @Override
    protected void initializeChildBlocks(NDManager m, DataType dt, Shape... in) {
        for (Block b : new Block[] {norm1, attn, norm2, ffn}) {
            initChild(b, m, dt, in[0]);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        return new Shape[] {in[0]};
    }
}
