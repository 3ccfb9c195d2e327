package io.dckd.backbones.kit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.ParameterStore;
import io.dckd.core.spi.Backbone;

/**
 * Runs a backbone on an input whose size is not a multiple of {@link Backbone#sizeMultiple()}, as
 * BasicSR's {@code SwinIRModel.test} does: reflect-pad bottom/right to the next multiple
 * ({@code F.pad(x, (0, pw, 0, ph), 'reflect')}), forward, crop the output to
 * {@code scale·h × scale·w}.
 */
public final class PaddedForward {

    private PaddedForward() {}

    /** The restored B×C×(s·h)×(s·w) batch for a B×C×h×w input. */
    public static NDArray forward(Backbone backbone, ParameterStore ps, NDArray x, boolean training) {
        int m = backbone.sizeMultiple();
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        long ph = h % m == 0 ? 0 : m - h % m;
        long pw = w % m == 0 ? 0 : m - w % m;
        if (ph == 0 && pw == 0) {
            return backbone.block().forward(ps, new NDList(x), training).head();
        }
        NDArray padded = reflectPadEnd(reflectPadEnd(x, 2, ph), 3, pw);
        NDArray out = backbone.block().forward(ps, new NDList(padded), training).head();
        long s = backbone.scale();
        return out.get(new NDIndex(":, :, :{}, :{}", h * s, w * s));
    }

    /**
     * Appends {@code pad} rows (axis 2) or columns (axis 3) mirrored about the last one, without
     * repeating it (PyTorch's 'reflect': {@code x[n-2], x[n-3], ...}). Needs {@code pad < n}.
     */
    public static NDArray reflectPadEnd(NDArray x, int axis, long pad) {
        if (pad == 0) {
            return x;
        }
        long n = x.getShape().get(axis);
        if (pad >= n) {
            throw new IllegalArgumentException("reflect padding of " + pad + " needs more than " + pad
                    + " pixels along axis " + axis + ", got " + n + " (input " + x.getShape() + ")");
        }
        String prefix = ":, ".repeat(axis);
        NDArray tail = x.get(new NDIndex(prefix + (n - 1 - pad) + ":" + (n - 1))).flip(axis);
        return x.concat(tail, axis);
    }
}
