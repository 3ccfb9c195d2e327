package io.dckd.backbones.swinir;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.dckd.core.nn.Casts;
import io.dckd.core.nn.Scalars;
import io.dckd.core.nn.TorchBuffers;
import io.dckd.core.nn.TorchOwned;
import io.dckd.core.onnx.OnnxGraph;
import io.dckd.core.onnx.OnnxRenderer;
import java.util.List;
import java.util.Map;

/**
 * Window multi-head self-attention with relative position bias ({@code WindowAttention} in
 * {@code basicsr/archs/swinir_arch.py}).
 *
 * <p>Input (B·nW)×N×C (N = ws²) and optionally a mask nW×N×N; per head,
 * {@code softmax(q·kᵀ·d^-½ + B[idx] + mask)·v}, then {@code proj}. Keys: {@code qkv.*},
 * {@code proj.*}, {@code relative_position_bias_table} ((2ws−1)²×nH), buffer
 * {@code relative_position_index} (N×N, int64).
 */
public final class WindowAttention extends AbstractBlock implements TorchBuffers {

    private final int dim;
    private final int windowSize;
    private final int numHeads;
    private final float scale;
    private final float attnDrop;
    private final float projDrop;
    private final Linear qkv;
    private final Linear proj;
    private final Parameter table;
    private final long[] flatBiasIndex;
    private NDArray relativePositionIndex;

    WindowAttention(int dim, int windowSize, int numHeads, boolean qkvBias, Float qkScale, float attnDrop, float projDrop) {
        if (dim % numHeads != 0) {
            throw new IllegalArgumentException("embed_dim " + dim + " is not divisible by num_heads " + numHeads);
        }
        this.dim = dim;
        this.windowSize = windowSize;
        this.numHeads = numHeads;
        this.scale = qkScale != null ? qkScale : (float) Math.pow(dim / numHeads, -0.5);
        this.attnDrop = attnDrop;
        this.projDrop = projDrop;
        int tableSize = (2 * windowSize - 1) * (2 * windowSize - 1);
        table = addParameter(Parameter.builder()
                .setName("relative_position_bias_table")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(tableSize, numHeads))
                .build());
        qkv = addChildBlock("qkv", Linear.builder().setUnits(3L * dim).optBias(qkvBias).build());
        proj = addChildBlock("proj", Linear.builder().setUnits(dim).build());
        // table[index.view(-1)].view(N, N, nH).permute(2, 0, 1) as one flat gather: idx·nH + head
        long[] index = Windows.relativePositionIndex(windowSize);
        int n = windowSize * windowSize;
        flatBiasIndex = new long[numHeads * n * n];
        for (int h = 0; h < numHeads; h++) {
            for (int k = 0; k < n * n; k++) {
                flatBiasIndex[h * n * n + k] = index[k] * numHeads + h;
            }
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray mask = inputs.size() > 1 ? inputs.get(1) : null;
        long b = x.getShape().get(0);
        long n = x.getShape().get(1);
        long c = x.getShape().get(2);
        NDArray qkvOut = qkv.forward(ps, new NDList(x), training).head()
                .reshape(b, n, 3, numHeads, c / numHeads).transpose(2, 0, 3, 1, 4);
        NDArray q = Scalars.mul(qkvOut.get(0), scale);
        NDArray k = qkvOut.get(1);
        NDArray v = qkvOut.get(2);
        NDArray attn = q.matMul(k.transpose(0, 1, 3, 2));

        NDArray tableValue = ps.getValue(table, x.getDevice(), training);
        NDManager m = x.getManager();
        NDArray bias = tableValue.take(m, TorchOwned.longs(m, flatBiasIndex, new Shape(numHeads, n, n)));
        attn = attn.add(bias.expandDims(0));
        if (mask != null) {
            long nw = mask.getShape().get(0);
            attn = attn.reshape(b / nw, nw, numHeads, n, n).add(Casts.like(mask, attn).expandDims(1).expandDims(0))
                    .reshape(-1, numHeads, n, n);
        }
        attn = Casts.softmax(attn, -1);
        if (attnDrop > 0) {
            attn = Dropout.dropout(attn, attnDrop, training).head();
        }
        NDArray out = attn.matMul(v).transpose(0, 2, 1, 3).reshape(b, n, c);
        out = proj.forward(ps, new NDList(out), training).head();
        if (projDrop > 0) {
            out = Dropout.dropout(out, projDrop, training).head();
        }
        return new NDList(out);
    }

    /**
     * The forward as ONNX nodes on windows (B·nW)×N×C and the mask nW×N×N (null for unshifted
     * blocks): q, k, v as chunks of the qkv Linear, per head by Reshape and Transpose; the bias is a
     * Gather of the {@code relative_position_bias_table} initializer by the constant
     * {@code relative_position_index}; the mask is added per window (nW read from its shape).
     */
    String render(OnnxRenderer r, String x, String mask) {
        OnnxGraph g = r.graph();
        long n = (long) windowSize * windowSize;
        String[] qkvs = g.chunks(SwinRendering.linear(r, qkv, x), 2, 3, 3L * dim);
        String perHead = g.constant(new long[] {0, n, numHeads, dim / numHeads});
        String[] heads = new String[3];
        for (int i = 0; i < 3; i++) {
            heads[i] = g.op("Transpose", List.of(g.op("Reshape", qkvs[i], perHead)), Map.of("perm", new long[] {0, 2, 1, 3}));
        }
        String kt = g.op("Transpose", List.of(heads[1]), Map.of("perm", new long[] {0, 1, 3, 2}));
        String attn = g.op("MatMul", g.op("Mul", heads[0], g.constant(scale)), kt);
        long[] index = Windows.relativePositionIndex(windowSize);
        String bias = g.op("Reshape", g.op("Gather", List.of(r.parameter(table), g.constant(index)), Map.of("axis", 0L)),
                g.constant(new long[] {n, n, numHeads}));
        attn = g.op("Add", attn, g.op("Transpose", List.of(bias), Map.of("perm", new long[] {2, 0, 1})));
        if (mask != null) {
            String windows = g.dims(mask, 0, 1);
            String grouped = g.op("Concat", List.of(g.constant(new long[] {-1}), windows, g.constant(new long[] {numHeads, n, n})),
                    Map.of("axis", 0L));
            String masked = g.op("Add", g.op("Reshape", attn, grouped),
                    g.op("Reshape", mask, g.constant(new long[] {-1, 1, n, n})));
            attn = g.op("Reshape", masked, g.constant(new long[] {-1, numHeads, n, n}));
        }
        String weights = g.op("Softmax", List.of(attn), Map.of("axis", -1L));
        String out = g.op("Transpose", List.of(g.op("MatMul", weights, heads[2])), Map.of("perm", new long[] {0, 2, 1, 3}));
        return SwinRendering.linear(r, proj, g.op("Reshape", out, g.constant(new long[] {0, n, dim})));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        qkv.initialize(manager, dataType, inputShapes[0]);
        proj.initialize(manager, dataType, inputShapes[0]);
        int n = windowSize * windowSize;
        if (relativePositionIndex == null) {
            relativePositionIndex = TorchOwned.longs(manager, Windows.relativePositionIndex(windowSize), new Shape(n, n));
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public Map<String, NDArray> buffers() {
        return TorchBuffers.optional("relative_position_index", relativePositionIndex);
    }

    /** The embedding width C. */
    public int dim() {
        return dim;
    }
}
