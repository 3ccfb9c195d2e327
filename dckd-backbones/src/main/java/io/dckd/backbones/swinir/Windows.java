package io.dckd.backbones.swinir;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.dckd.core.nn.TorchOwned;
import io.dckd.core.onnx.OnnxGraph;
import java.util.List;
import java.util.Map;

/**
 * Window helpers of {@code swinir_arch.py}: {@code window_partition}, {@code window_reverse},
 * {@code torch.roll}, the shifted-window attention mask ({@code calculate_mask}) and the relative
 * position index. Feature maps are channels-last B×H×W×C throughout. Each has its ONNX rendering
 * next to it ({@code render*}), where H and W are dynamic (read with Shape) and only the window size,
 * the shift and the channels are constants.
 */
final class Windows {

    private Windows() {}

    /** B×H×W×C → (B·nW)×(ws·ws)×C, windows in row-major order per image. */
    static NDArray partition(NDArray x, int ws) {
        Shape s = x.getShape();
        long b = s.get(0);
        long h = s.get(1);
        long w = s.get(2);
        long c = s.get(3);
        return x.reshape(b, h / ws, ws, w / ws, ws, c).transpose(0, 1, 3, 2, 4, 5).reshape(-1, (long) ws * ws, c);
    }

    /** {@link #partition} as ONNX nodes: Reshape B×(H/ws)×ws×(W/ws)×ws×C, Transpose, Reshape (B·nW)×N×C. */
    static String renderPartition(OnnxGraph g, String x, int ws, long c) {
        String grid = g.op("Div", g.dims(x, 1, 3), g.constant(new long[] {ws}));
        String cells = concat(g, g.constant(new long[] {0}), g.slice(grid, 0, 0, 1), g.constant(new long[] {ws}),
                g.slice(grid, 0, 1, 2), g.constant(new long[] {ws, c}));
        String moved = g.op("Transpose", List.of(g.op("Reshape", x, cells)), Map.of("perm", new long[] {0, 1, 3, 2, 4, 5}));
        return g.op("Reshape", moved, g.constant(new long[] {-1, (long) ws * ws, c}));
    }

    /** (B·nW)×(ws·ws)×C → B×H×W×C, the inverse of {@link #partition}. */
    static NDArray reverse(NDArray windows, int ws, long h, long w) {
        long c = windows.getShape().get(2);
        return windows.reshape(-1, h / ws, w / ws, ws, ws, c).transpose(0, 1, 3, 2, 4, 5).reshape(-1, h, w, c);
    }

    /** {@link #reverse} as ONNX nodes, H and W read from {@code like} (B×H×W×C, the shape of the result). */
    static String renderReverse(OnnxGraph g, String windows, int ws, long c, String like) {
        String grid = g.op("Div", g.dims(like, 1, 3), g.constant(new long[] {ws}));
        String cells = concat(g, g.constant(new long[] {-1}), grid, g.constant(new long[] {ws, ws, c}));
        String moved = g.op("Transpose", List.of(g.op("Reshape", windows, cells)), Map.of("perm", new long[] {0, 1, 3, 2, 4, 5}));
        return g.op("Reshape", moved, g.op("Shape", like));
    }

    /** {@code torch.roll(x, shift, axis)}: {@code out[i] = x[(i − shift) mod n]}. */
    static NDArray roll(NDArray x, int shift, int axis) {
        long n = x.getShape().get(axis);
        long s = Math.floorMod(shift, n);
        if (s == 0) {
            return x;
        }
        String prefix = ":, ".repeat(axis);
        NDArray head = x.get(new NDIndex(prefix + (n - s) + ":"));
        NDArray tail = x.get(new NDIndex(prefix + ":" + (n - s)));
        return head.concat(tail, axis);
    }

    /**
     * {@link #roll} as ONNX nodes for |shift| below the axis length (ONNX has no Roll): Slice and
     * Concat, {@code [x[−s:], x[:−s]]} for s = shift > 0 and {@code [x[|s|:], x[:|s|]]} for s < 0.
     */
    static String renderRoll(OnnxGraph g, String x, int shift, int axis) {
        if (shift == 0) {
            return x;
        }
        String head = g.slice(x, axis, -shift, Long.MAX_VALUE);
        String tail = g.slice(x, axis, 0, -shift);
        return g.op("Concat", List.of(head, tail), Map.of("axis", (long) axis));
    }

    /**
     * {@code calculate_mask((h, w))}: nW×N×N with −100 where two tokens of a shifted window come
     * from different regions of the rolled image, 0 elsewhere (N = ws²).
     */
    static NDArray attentionMask(NDManager manager, int h, int w, int ws, int shift) {
        float[] regions = new float[h * w];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                regions[r * w + c] = region(r, h, ws, shift) * 3 + region(c, w, ws, shift);
            }
        }
        NDArray img = TorchOwned.floats(manager, regions, new Shape(1, h, w, 1));
        NDArray mw = partition(img, ws).reshape(-1, (long) ws * ws);
        NDArray diff = mw.expandDims(1).sub(mw.expandDims(2));
        return diff.neq(0).toType(DataType.FLOAT32, false).mul(-100f);
    }

    /**
     * {@link #attentionMask} as ONNX nodes for the H×W of {@code x} (B×H×W×C): region ids
     * {@code 3·region(row) + region(col)} from Range and comparisons, window-partitioned, and −100
     * (Where) where two tokens of a window differ in region.
     */
    static String renderAttentionMask(OnnxGraph g, String x, int ws, int shift) {
        String rows = g.op("Reshape", renderRegions(g, g.dims(x, 1, 2), ws, shift), g.constant(new long[] {-1, 1}));
        String ids = g.op("Add", g.op("Mul", rows, g.constant(new long[] {3})), renderRegions(g, g.dims(x, 2, 3), ws, shift));
        String img = g.op("Reshape", ids, concat(g, g.constant(new long[] {1}), g.dims(x, 1, 3), g.constant(new long[] {1})));
        long n = (long) ws * ws;
        String mw = renderPartition(g, img, ws, 1);
        String same = g.op("Equal", g.op("Reshape", mw, g.constant(new long[] {-1, 1, n})),
                g.op("Reshape", mw, g.constant(new long[] {-1, n, 1})));
        return g.op("Where", same, g.constant(0f), g.constant(-100f));
    }

    // region(i) for i in 0..n-1 as [i >= n - ws] + [i >= n - shift] (int64), n a one-element vector
    private static String renderRegions(OnnxGraph g, String n, int ws, int shift) {
        String i = g.op("Range", scalar(g, g.constant(new long[] {0})), scalar(g, n), scalar(g, g.constant(new long[] {1})));
        String pastWindow = g.op("GreaterOrEqual", i, g.op("Sub", n, g.constant(new long[] {ws})));
        String pastShift = g.op("GreaterOrEqual", i, g.op("Sub", n, g.constant(new long[] {shift})));
        return g.op("Add", toLong(g, pastWindow), toLong(g, pastShift));
    }

    private static String toLong(OnnxGraph g, String bool) {
        return g.op("Cast", List.of(bool), Map.of("to", (long) TensorProto.DataType.INT64.getNumber()));
    }

    // a one-element vector as a 0-d tensor (Squeeze without axes), as Range takes its bounds
    private static String scalar(OnnxGraph g, String vector) {
        return g.op("Squeeze", vector);
    }

    private static String concat(OnnxGraph g, String... parts) {
        return g.op("Concat", List.of(parts), Map.of("axis", 0L));
    }

    private static int region(int i, int n, int ws, int shift) {
        if (i < n - ws) {
            return 0;
        }
        return i < n - shift ? 1 : 2;
    }

    /** {@code relative_position_index}: N×N, (Δh + ws − 1)·(2ws − 1) + (Δw + ws − 1). */
    static long[] relativePositionIndex(int ws) {
        int n = ws * ws;
        long[] index = new long[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int dh = i / ws - j / ws + ws - 1;
                int dw = i % ws - j % ws + ws - 1;
                index[i * n + j] = (long) dh * (2 * ws - 1) + dw;
            }
        }
        return index;
    }
}
