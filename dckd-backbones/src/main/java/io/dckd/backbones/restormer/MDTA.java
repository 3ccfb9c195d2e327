package io.dckd.backbones.restormer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import io.dckd.backbones.kit.Layers;
import io.dckd.backbones.kit.TorchModule;
import io.dckd.core.nn.Casts;
import io.dckd.core.nn.Scalars;
import io.dckd.core.onnx.OnnxGraph;
import io.dckd.core.onnx.OnnxRenderable;
import io.dckd.core.onnx.OnnxRenderer;
import java.util.List;
import java.util.Map;

/**
 * Restormer's multi-Dconv head transposed attention ({@code Attention} in
 * swz30/Restormer basicsr/models/archs/restormer_arch.py): q, k, v = split(qkv_dwconv(qkv(x)));
 * per head, with q̂, k̂ L2-normalised along the H·W axis, A = softmax(q̂ k̂ᵀ · temperature_head)
 * is a (C/heads)×(C/heads) channel attention; out = project_out(A v). {@code temperature} has
 * shape (heads, 1, 1) and starts at 1. Keys: temperature, qkv, qkv_dwconv, project_out.
 */
public final class MDTA extends TorchModule implements OnnxRenderable {

    private final int dim;
    private final int heads;
    private final Parameter temperature;
    private final Block qkv;
    private final Block qkvDwconv;
    private final Block projectOut;

    /** Attention over {@code dim} channels in {@code heads} heads. */
    public MDTA(int dim, int heads, boolean bias) {
        if (dim % heads != 0) {
            throw new IllegalArgumentException("Restormer attention needs dim divisible by heads, got " + dim + " and " + heads);
        }
        this.dim = dim;
        this.heads = heads;
        temperature = addParameter(Parameter.builder().setName("temperature").setType(Parameter.Type.OTHER)
                .optInitializer(Initializer.ONES).optShape(new Shape(heads, 1, 1)).build());
        qkv = addChildBlock("qkv", Layers.conv(dim * 3, 1, 1, 0, 1, bias));
        qkvDwconv = addChildBlock("qkv_dwconv", Layers.conv(dim * 3, 3, 1, 1, dim * 3, bias));
        projectOut = addChildBlock("project_out", Layers.conv(dim, 1, 1, 0, 1, bias));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        long[] s = x.getShape().getShape();
        long c = s[1] / heads;
        NDList qkvs = call(qkvDwconv, ps, call(qkv, ps, x, training), training).split(3, 1);
        NDArray q = l2normalize(qkvs.get(0).reshape(s[0], heads, c, s[2] * s[3]));
        NDArray k = l2normalize(qkvs.get(1).reshape(s[0], heads, c, s[2] * s[3]));
        NDArray v = qkvs.get(2).reshape(s[0], heads, c, s[2] * s[3]);
        NDArray attn = Casts.softmax(q.matMul(k.transpose(0, 1, 3, 2)).mul(ps.getValue(temperature, x.getDevice(), training)), -1);
        NDArray out = attn.matMul(v).reshape(s);
        return new NDList(call(projectOut, ps, out, training));
    }

    /** {@code F.normalize(t, dim=-1)}: t / max(‖t‖₂, 1e-12). */
    static NDArray l2normalize(NDArray t) {
        return t.div(Scalars.maximum(t.norm(new int[] {-1}, true), 1e-12));
    }

    /**
     * The forward as ONNX nodes: q, k, v as B×heads×(C/heads)×(H·W) by a Reshape that copies the
     * batch and infers H·W, the channel attention by MatMul and Softmax, back to the input's shape.
     */
    @Override
    public String render(OnnxRenderer r, String x) {
        OnnxGraph g = r.graph();
        String[] qkvs = g.chunks(r.render(qkvDwconv, r.render(qkv, x)), 1, 3, 3L * dim);
        String perHead = g.constant(new long[] {0, heads, dim / heads, -1});
        String q = l2normalize(g, g.op("Reshape", qkvs[0], perHead));
        String kt = g.op("Transpose", List.of(l2normalize(g, g.op("Reshape", qkvs[1], perHead))), Map.of("perm", new long[] {0, 1, 3, 2}));
        String logits = g.op("Mul", g.op("MatMul", q, kt), r.parameter(temperature));
        String attn = g.op("Softmax", List.of(logits), Map.of("axis", -1L));
        String out = g.op("MatMul", attn, g.op("Reshape", qkvs[2], perHead));
        return r.render(projectOut, g.op("Reshape", out, g.op("Shape", x)));
    }

    /** {@link #l2normalize(NDArray)} as ONNX nodes. */
    static String l2normalize(OnnxGraph g, String t) {
        String norm = g.op("Sqrt", g.reduce("ReduceSumSquare", t, -1));
        return g.op("Div", t, g.op("Max", norm, g.constant(1e-12f)));
    }

    @Override
    protected void initializeChildBlocks(NDManager m, DataType dt, Shape... in) {
        initChild(qkvDwconv, m, dt, initChild(qkv, m, dt, in[0]));
        initChild(projectOut, m, dt, in[0]);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        return new Shape[] {in[0]};
    }
}
