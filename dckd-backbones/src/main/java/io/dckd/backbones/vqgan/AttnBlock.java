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
import io.dckd.backbones.norm.GroupNorm;
import io.dckd.core.nn.Casts;
import io.dckd.core.nn.Scalars;
import io.dckd.core.onnx.OnnxGraph;
import io.dckd.core.onnx.OnnxRenderable;
import io.dckd.core.onnx.OnnxRenderer;
import java.util.List;
import java.util.Map;

/**
 * Taming's single-head spatial self-attention {@code AttnBlock}: with n = norm(x) and 1×1 convs
 * q, k, v, proj_out over the N = H·W tokens, W = softmax_j(q_iᵀk_j / √C) and
 * out = x + proj_out(Σ_j W_ij v_j). Shape preserving, B×C×H×W.
 */
public final class AttnBlock extends TorchModule implements OnnxRenderable {

    private final long channels;
    private final Block norm;
    private final Block q;
    private final Block k;
    private final Block v;
    private final Block projOut;

    /** Attention over {@code channels}-dimensional tokens. */
    public AttnBlock(int channels, int groups) {
        this.channels = channels;
        norm = addChildBlock("norm", GroupNorm.taming(channels, groups));
        q = addChildBlock("q", Layers.conv1x1(channels));
        k = addChildBlock("k", Layers.conv1x1(channels));
        v = addChildBlock("v", Layers.conv1x1(channels));
        projOut = addChildBlock("proj_out", Layers.conv1x1(channels));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        long[] s = x.getShape().getShape();
        long b = s[0];
        long c = s[1];
        long n = s[2] * s[3];
        NDArray h = call(norm, ps, x, training);
        NDArray qs = call(q, ps, h, training).reshape(b, c, n).transpose(0, 2, 1); // b, n, c
        NDArray ks = call(k, ps, h, training).reshape(b, c, n); // b, c, n
        NDArray vs = call(v, ps, h, training).reshape(b, c, n); // b, c, n
        NDArray w = Casts.softmax(Scalars.mul(qs.batchMatMul(ks), 1.0 / Math.sqrt(c)), 2); // b, n(query), n(key)
        NDArray out = vs.batchMatMul(w.transpose(0, 2, 1)).reshape(s); // out[:, :, i] = Σ_j v_j w_ij
        return new NDList(x.add(call(projOut, ps, out, training)));
    }

    /**
     * The forward as ONNX nodes: q, k, v as B×C×N by a Reshape that copies the batch and infers N,
     * the token attention by MatMul and Softmax, back to the input's shape.
     */
    @Override
    public String render(OnnxRenderer r, String x) {
        OnnxGraph g = r.graph();
        String h = r.render(norm, x);
        String tokens = g.constant(new long[] {0, channels, -1});
        String qs = g.op("Transpose", List.of(g.op("Reshape", r.render(q, h), tokens)), Map.of("perm", new long[] {0, 2, 1}));
        String ks = g.op("Reshape", r.render(k, h), tokens);
        String vs = g.op("Reshape", r.render(v, h), tokens);
        String logits = g.op("Mul", g.op("MatMul", qs, ks), g.constant((float) (1.0 / Math.sqrt(channels))));
        String w = g.op("Softmax", List.of(logits), Map.of("axis", 2L));
        String out = g.op("MatMul", vs, g.op("Transpose", List.of(w), Map.of("perm", new long[] {0, 2, 1})));
        return g.op("Add", x, r.render(projOut, g.op("Reshape", out, g.op("Shape", x))));
    }

    @Override
    protected void initializeChildBlocks(NDManager m, DataType dt, Shape... in) {
        for (Block child : new Block[] {norm, q, k, v, projOut}) {
            initChild(child, m, dt, in[0]);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        return new Shape[] {in[0]};
    }
}
