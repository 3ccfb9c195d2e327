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
import io.dckd.core.nn.Scalars;

/**
 * Taming's single-head spatial self-attention {@code AttnBlock}: with n = norm(x) and 1×1 convs
 * q, k, v, proj_out over the N = H·W tokens, W = softmax_j(q_iᵀk_j / √C) and
 * out = x + proj_out(Σ_j W_ij v_j). Shape preserving, B×C×H×W.
 */
public final class AttnBlock extends TorchModule {

    private final Block norm;
    private final Block q;
    private final Block k;
    private final Block v;
    private final Block projOut;

    /** Attention over {@code channels}-dimensional tokens. */
    public AttnBlock(int channels, int groups) {
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
        NDArray w = Scalars.mul(qs.batchMatMul(ks), 1.0 / Math.sqrt(c)).softmax(2); // b, n(query), n(key)
        NDArray out = vs.batchMatMul(w.transpose(0, 2, 1)).reshape(s); // out[:, :, i] = Σ_j v_j w_ij
        return new NDList(x.add(call(projOut, ps, out, training)));
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
