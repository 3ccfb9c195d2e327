package io.dckd.core.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import java.util.function.UnaryOperator;

/**
 * Inference on any size for a forward that needs sides divisible by a size multiple: reflect-pads
 * bottom/right up to the multiple and crops the output back, as BasicSR's test does for SwinIR.
 */
public final class PaddedForward {

    private PaddedForward() {}

    /** {@code forward(x)} of an input padded to a multiple of {@code multiple}, cropped to {@code scale} times x's size. */
    public static NDArray run(NDArray x, int multiple, int scale, UnaryOperator<NDArray> forward) {
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        long ph = (multiple - h % multiple) % multiple;
        long pw = (multiple - w % multiple) % multiple;
        NDArray in = x;
        if (ph > 0 || pw > 0) {
            in = reflectPadBottomRight(x, ph, pw);
        }
        NDArray y = forward.apply(in);
        if (in != x) {
            in.close();
        }
        if (ph > 0 || pw > 0) {
            NDArray cropped = y.get(new NDIndex(":, :, :{}, :{}", h * scale, w * scale));
            y.close();
            return cropped;
        }
        return y;
    }

    /** Reflect padding at the bottom and right (PyTorch 'reflect': the edge row is not repeated). */
    public static NDArray reflectPadBottomRight(NDArray x, long ph, long pw) {
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        NDArray out = x;
        if (ph > 0) {
            NDArray rows = x.get(new NDIndex(":, :, {}:{}", h - 1 - ph, h - 1)).flip(2);
            out = x.concat(rows, 2);
            rows.close();
        }
        if (pw > 0) {
            NDArray cols = out.get(new NDIndex(":, :, :, {}:{}", w - 1 - pw, w - 1)).flip(3);
            NDArray next = out.concat(cols, 3);
            cols.close();
            if (out != x) {
                out.close();
            }
            out = next;
        }
        return out;
    }
}
