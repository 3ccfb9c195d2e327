package io.dckd.plugins.dckd.dnsg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;

/**
 * {@code F.pad(x, (pw, pw, ph, ph), mode='reflect')} for N×C×H×W: mirrors about the edge pixel
 * without repeating it (x[−i] = x[i]); as in PyTorch the padding must be smaller than the side.
 */
final class ReflectPad {

    private ReflectPad() {}

    static NDArray pad(NDArray x, int ph, int pw) {
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        if (ph >= h || pw >= w) {
            throw new IllegalArgumentException("reflect padding (" + ph + ", " + pw + ") needs an image larger than the padding, got "
                    + h + "×" + w + "; use a smaller blur_kernel_range");
        }
        NDArray out = x;
        if (ph > 0) {
            NDArray top = x.get(new NDIndex(":, :, 1:{}", ph + 1)).flip(2);
            NDArray bottom = x.get(new NDIndex(":, :, {}:{}", h - 1 - ph, h - 1)).flip(2);
            out = NDArrays.concat(new NDList(top, x, bottom), 2);
        }
        if (pw > 0) {
            NDArray left = out.get(new NDIndex(":, :, :, 1:{}", pw + 1)).flip(3);
            NDArray right = out.get(new NDIndex(":, :, :, {}:{}", w - 1 - pw, w - 1)).flip(3);
            out = NDArrays.concat(new NDList(left, out, right), 3);
        }
        return out;
    }
}
