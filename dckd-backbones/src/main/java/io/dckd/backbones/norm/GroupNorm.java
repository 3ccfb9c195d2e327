package io.dckd.backbones.norm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.dckd.backbones.kit.TorchModule;
import io.dckd.core.nn.AtenOps;
import io.dckd.core.nn.Scalars;
import io.dckd.core.onnx.OnnxGraph;
import io.dckd.core.onnx.OnnxRenderer;

/**
 * {@code torch.nn.GroupNorm(num_groups, num_channels, eps, affine=True)} on B×C×H×W (DJL has none).
 *
 * <p>Channels are split into G groups of C/G; each (sample, group) is normalised over its C/G·H·W
 * values with the biased variance: y = (x − μ)/√(σ² + eps) · weight[c] + bias[c]. Parameters
 * {@code weight} (ones) and {@code bias} (zeros), shape (C). Taming's {@code Normalize} is
 * GroupNorm(32, C, eps=1e-6).
 */
public final class GroupNorm extends AffineNorm {

    private final int groups;

    /** @throws IllegalArgumentException if {@code channels} is not divisible by {@code groups} */
    public GroupNorm(int groups, int channels, float eps) {
        super(channels, eps, true);
        if (groups <= 0 || channels % groups != 0) {
            throw new IllegalArgumentException("GroupNorm needs channels divisible by groups, got " + channels + " channels, " + groups + " groups");
        }
        this.groups = groups;
    }

    /** Number of groups G. */
    public int groups() {
        return groups;
    }

    /** Taming's {@code Normalize(c)}: GroupNorm(32, c, eps 1e-6). */
    public static GroupNorm taming(int channels) {
        return taming(channels, 32);
    }

    /** Taming's {@code Normalize(c)} with {@code groups} groups instead of 32: GroupNorm(groups, c, eps 1e-6). */
    public static GroupNorm taming(int channels, int groups) {
        return new GroupNorm(groups, channels, 1e-6f);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(normalize(ps, inputs.singletonOrThrow(), training, false));
    }

    /** swish(norm(x)) for a GroupNorm child block: taming's {@code nonlinearity(norm(h))}. */
    public static NDArray thenSwish(Block norm, ParameterStore ps, NDArray x, boolean training) {
        return ((GroupNorm) norm).normalize(ps, x, training, true);
    }

    /**
     * This norm, then swish when {@code thenSwish}: taming's {@code nonlinearity(norm(x))} in one
     * native call where the engine has one ({@link AtenOps}), else DJL's formulas.
     */
    public NDArray normalize(ParameterStore ps, NDArray x, boolean training, boolean thenSwish) {
        Shape s = x.getShape();
        if (s.get(1) != channels) {
            throw new IllegalArgumentException("GroupNorm(" + groups + ", " + channels + ") got input " + s);
        }
        NDArray weightArr = ps.getValue(weight, x.getDevice(), training);
        if (AtenOps.available()) {
            return AtenOps.groupNorm(x, groups, weightArr, ps.getValue(bias, x.getDevice(), training), eps, thenSwish);
        }
        NDArray out = reference(ps, x, weightArr, training);
        return thenSwish ? TorchModule.swish(out) : out;
    }

    private NDArray reference(ParameterStore ps, NDArray x, NDArray weightArr, boolean training) {
        Shape s = x.getShape();
        NDArray normed;
        if (!x.hasGradient() && !weightArr.hasGradient()) {
            // Frozen pass (no gradient anywhere): per-(sample, group) statistics are batch-norm
            // statistics of a 1×(B·G)×L view, so one native batch_norm (two passes over the data)
            // replaces seven element-wise passes; the running statistics it updates are throw-away.
            long bg = s.get(0) * groups;
            NDManager m = x.getManager();
            NDArray g = x.reshape(1, bg, -1);
            NDArray runMean = m.zeros(new Shape(bg), x.getDataType(), x.getDevice());
            NDArray runVar = m.ones(new Shape(bg), x.getDataType(), x.getDevice());
            if (groups == channels) {
                // one channel per group: the per-channel affine is batch_norm's own, so the whole
                // GroupNorm is one native call
                NDArray biasArr = ps.getValue(bias, x.getDevice(), training);
                // tile weight and bias over the batch with the step-side array first, so the results
                // belong to the input's manager and never to the (capped) model manager
                NDArray tiledW = m.ones(new Shape(s.get(0), groups), x.getDataType(), x.getDevice()).mul(weightArr).reshape(bg);
                NDArray tiledB = m.zeros(new Shape(s.get(0), groups), x.getDataType(), x.getDevice()).add(biasArr).reshape(bg);
                return g.getNDArrayInternal().batchNorm(g, runMean, runVar, tiledW, tiledB, 1, 0.1f, eps, true)
                        .get(0).reshape(s);
            }
            normed = g.getNDArrayInternal().batchNorm(g, runMean, runVar, m.ones(new Shape(bg), x.getDataType(), x.getDevice()),
                    m.zeros(new Shape(bg), x.getDataType(), x.getDevice()), 1, 0.1f, eps, true).get(0).reshape(s);
        } else {
            // With gradient: the reference formula (training through batch_norm's kernel diverged in
            // the codebook pretraining test; the element-wise form is what autograd is checked against)
            NDArray g = x.reshape(s.get(0), groups, -1);
            NDArray centred = g.sub(g.mean(new int[] {2}, true));
            NDArray var = centred.square().mean(new int[] {2}, true);
            normed = centred.div(Scalars.add(var, eps).sqrt()).reshape(s);
        }
        return affine(ps, normed, x, training);
    }

    /** The norm as ONNX nodes: x as B×G×(C/G·H·W), standardised over the last axis, back to x's shape, affine. */
    @Override
    public String render(OnnxRenderer r, String x) {
        OnnxGraph g = r.graph();
        String grouped = g.op("Reshape", x, g.constant(new long[] {0, groups, -1}));
        String normed = g.op("Reshape", NormRendering.standardize(g, grouped, 2, eps, true), g.op("Shape", x));
        return affine(r, normed);
    }

    /** swish(norm(x)) as ONNX nodes, for a GroupNorm child block (taming's {@code nonlinearity(norm(h))}). */
    public static String renderThenSwish(Block norm, OnnxRenderer r, String x) {
        String y = r.render(norm, x);
        return r.graph().op("Mul", y, r.graph().op("Sigmoid", y));
    }
}
