package io.dckd.backbones.swinir;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.dckd.core.nn.TorchOwned;

/**
 * Window helpers of {@code swinir_arch.py}: {@code window_partition}, {@code window_reverse},
 * {@code torch.roll}, the shifted-window attention mask ({@code calculate_mask}) and the relative
 * position index. Feature maps are channels-last B×H×W×C throughout.
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

    /** (B·nW)×(ws·ws)×C → B×H×W×C, the inverse of {@link #partition}. */
    static NDArray reverse(NDArray windows, int ws, long h, long w) {
        long c = windows.getShape().get(2);
        return windows.reshape(-1, h / ws, w / ws, ws, ws, c).transpose(0, 1, 3, 2, 4, 5).reshape(-1, h, w, c);
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
