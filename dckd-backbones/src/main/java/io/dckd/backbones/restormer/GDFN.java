package io.dckd.backbones.restormer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.dckd.backbones.kit.Layers;
import io.dckd.backbones.kit.TorchModule;
import io.dckd.core.onnx.OnnxGraph;
import io.dckd.core.onnx.OnnxRenderable;
import io.dckd.core.onnx.OnnxRenderer;

/**
 * Restormer's gated-Dconv feed-forward network ({@code FeedForward}): with
 * hidden = ⌊dim·ffn_expansion_factor⌋, x1, x2 = split(dwconv3x3(project_in(x))) (each hidden
 * channels), out = project_out(GELU(x1) ⊙ x2), GELU exact (erf). Keys: project_in, dwconv, project_out.
 */
public final class GDFN extends TorchModule implements OnnxRenderable {

    private final int hidden;
    private final Block projectIn;
    private final Block dwconv;
    private final Block projectOut;

    /** A feed-forward over {@code dim} channels. */
    public GDFN(int dim, double expansion, boolean bias) {
        hidden = (int) (dim * expansion);
        projectIn = addChildBlock("project_in", Layers.conv(hidden * 2, 1, 1, 0, 1, bias));
        dwconv = addChildBlock("dwconv", Layers.conv(hidden * 2, 3, 1, 1, hidden * 2, bias));
        projectOut = addChildBlock("project_out", Layers.conv(dim, 1, 1, 0, 1, bias));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList halves = call(dwconv, ps, call(projectIn, ps, inputs.singletonOrThrow(), training), training).split(2, 1);
        return new NDList(call(projectOut, ps, Activation.gelu(halves.get(0)).mul(halves.get(1)), training));
    }

    /** The forward as ONNX nodes; GELU is ONNX's Gelu from opset 20, 0.5·x·(1 + erf(x/√2)) before. */
    @Override
    public String render(OnnxRenderer r, String x) {
        OnnxGraph g = r.graph();
        String[] halves = g.chunks(r.render(dwconv, r.render(projectIn, x)), 1, 2, 2L * hidden);
        return r.render(projectOut, g.op("Mul", g.gelu(halves[0]), halves[1]));
    }

    @Override
    protected void initializeChildBlocks(NDManager m, DataType dt, Shape... in) {
        Shape h = initChild(dwconv, m, dt, initChild(projectIn, m, dt, in[0]));
        initChild(projectOut, m, dt, new Shape(h.get(0), hidden, h.get(2), h.get(3)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        return new Shape[] {in[0]};
    }
}
