package io.dckd.backbones.swinir;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.dckd.core.nn.TorchBuffers;
import io.dckd.core.onnx.OnnxGraph;
import io.dckd.core.onnx.OnnxRenderer;
import java.util.Map;

/**
 * Swin transformer block ({@code SwinTransformerBlock} in {@code swinir_arch.py}), channels-last:
 * input B×H×W×C (plus the shifted-window mask nW×N×N for the actual H×W), output B×H×W×C.
 *
 * <p>{@code y = x + DP(reverse(roll(W-MSA(partition(roll(LN₁(x), −s)), mask)), +s));
 * out = y + DP(MLP(LN₂(y)))} with s = shift size (0 on even blocks, ws/2 on odd ones). As in
 * BasicSR, when {@code min(img_size) ≤ window_size} the window shrinks to {@code min(img_size)} and
 * the shift is 0. Keys {@code norm1, attn, norm2, mlp}; buffer {@code attn_mask} (computed for
 * {@code img_size}, as BasicSR registers it) on shifted blocks.
 */
public final class SwinTransformerBlock extends AbstractBlock implements TorchBuffers {

    private static final float EPS = 1e-5f;

    private final int resH;
    private final int resW;
    private final int windowSize;
    private final int shiftSize;
    private final float dropPath;
    private final LayerNorm norm1;
    private final WindowAttention attn;
    private final LayerNorm norm2;
    private final Mlp mlp;
    private NDArray attnMask;

    SwinTransformerBlock(int dim, int resH, int resW, int numHeads, int windowSize, int shiftSize, float mlpRatio,
                         boolean qkvBias, Float qkScale, float drop, float attnDrop, float dropPath) {
        this.resH = resH;
        this.resW = resW;
        int ws = windowSize;
        int shift = shiftSize;
        if (Math.min(resH, resW) <= ws) {
            shift = 0;
            ws = Math.min(resH, resW);
        }
        if (shift < 0 || shift >= ws) {
            throw new IllegalArgumentException("shift_size must in 0-window_size, got " + shift + " for window " + ws);
        }
        this.windowSize = ws;
        this.shiftSize = shift;
        this.dropPath = dropPath;
        norm1 = addChildBlock("norm1", LayerNorm.builder().axis(3).optEpsilon(EPS).build());
        attn = addChildBlock("attn", new WindowAttention(dim, ws, numHeads, qkvBias, qkScale, attnDrop, drop));
        norm2 = addChildBlock("norm2", LayerNorm.builder().axis(3).optEpsilon(EPS).build());
        mlp = addChildBlock("mlp", new Mlp(dim, (int) (dim * mlpRatio), drop));
    }

    /** The window size actually used (after the small-image rule). */
    int windowSize() {
        return windowSize;
    }

    /** The cyclic shift (0 for W-MSA blocks). */
    int shiftSize() {
        return shiftSize;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        Shape s = x.getShape();
        long b = s.get(0);
        long h = s.get(1);
        long w = s.get(2);
        long c = s.get(3);
        if (h % windowSize != 0 || w % windowSize != 0) {
            throw new IllegalArgumentException("SwinIR needs H and W divisible by the window size " + windowSize
                    + ", got " + h + "x" + w + " (pad the input, e.g. with PaddedForward)");
        }
        NDArray shortcut = x;
        NDArray t = norm1.forward(ps, new NDList(x), training).head();
        if (shiftSize > 0) {
            t = Windows.roll(Windows.roll(t, -shiftSize, 1), -shiftSize, 2);
        }
        NDArray windows = Windows.partition(t, windowSize);
        NDList attnIn = shiftSize > 0 ? new NDList(windows, maskFor(inputs, h, w)) : new NDList(windows);
        NDArray attended = attn.forward(ps, attnIn, training).head();
        t = Windows.reverse(attended, windowSize, h, w);
        if (shiftSize > 0) {
            t = Windows.roll(Windows.roll(t, shiftSize, 1), shiftSize, 2);
        }
        NDArray y = shortcut.add(DropPath.apply(t, dropPath, training));
        NDArray f = norm2.forward(ps, new NDList(y), training).head();
        f = mlp.forward(ps, new NDList(f), training).head();
        return new NDList(y.add(DropPath.apply(f, dropPath, training)));
    }

    /**
     * The inference forward as ONNX nodes on x (B×H×W×C, H and W multiples of the window) with the
     * shifted-window mask value {@code mask} (used on shifted blocks only): LayerNorms over the last
     * axis, roll as Slice + Concat, window partition and reverse by Reshape and Transpose.
     */
    String render(OnnxRenderer r, String x, String mask) {
        OnnxGraph g = r.graph();
        long c = attn.dim();
        String t = SwinRendering.layerNorm(r, norm1, EPS, x);
        t = Windows.renderRoll(g, Windows.renderRoll(g, t, -shiftSize, 1), -shiftSize, 2);
        String attended = attn.render(r, Windows.renderPartition(g, t, windowSize, c), shiftSize > 0 ? mask : null);
        t = Windows.renderReverse(g, attended, windowSize, c, x);
        t = Windows.renderRoll(g, Windows.renderRoll(g, t, shiftSize, 1), shiftSize, 2);
        String y = g.op("Add", x, t);
        String f = mlp.render(r, SwinRendering.layerNorm(r, norm2, EPS, y));
        return g.op("Add", y, f);
    }

    private NDArray maskFor(NDList inputs, long h, long w) {
        if (inputs.size() > 1) {
            return inputs.get(1);
        }
        return Windows.attentionMask(inputs.get(0).getManager(), (int) h, (int) w, windowSize, shiftSize);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        norm1.initialize(manager, dataType, x);
        norm2.initialize(manager, dataType, x);
        long n = (long) windowSize * windowSize;
        Shape windows = new Shape(x.get(0) * (x.get(1) / windowSize) * (x.get(2) / windowSize), n, x.get(3));
        attn.initialize(manager, dataType, windows);
        mlp.initialize(manager, dataType, x);
        if (shiftSize > 0 && attnMask == null) {
            attnMask = Windows.attentionMask(manager, resH, resW, windowSize, shiftSize);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public Map<String, NDArray> buffers() {
        return TorchBuffers.optional("attn_mask", attnMask);
    }
}
