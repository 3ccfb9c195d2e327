package io.dckd.backbones.common;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * {@code torch.nn.PixelShuffle(r)}: B×(C·r²)×H×W → B×C×(H·r)×(W·r), with
 * {@code out[b, c, h·r + i, w·r + j] = in[b, c·r² + i·r + j, h, w]}. No parameters.
 */
public final class PixelShuffle extends AbstractBlock {

    private final int factor;

    /** @param factor the upscale factor r (≥ 1) */
    public PixelShuffle(int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("pixel shuffle factor must be >= 1, got " + factor);
        }
        this.factor = factor;
    }

    /** Applies the shuffle to one array. */
    public static NDArray shuffle(NDArray x, int r) {
        Shape s = x.getShape();
        long b = s.get(0);
        long c = s.get(1) / ((long) r * r);
        long h = s.get(2);
        long w = s.get(3);
        return x.reshape(b, c, r, r, h, w).transpose(0, 1, 4, 2, 5, 3).reshape(b, c, h * r, w * r);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(shuffle(inputs.head(), factor));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        Shape s = in[0];
        long c = s.get(1);
        if (c % ((long) factor * factor) != 0) {
            throw new IllegalArgumentException("pixel shuffle x" + factor + " needs channels divisible by " + factor * factor + ", got " + c);
        }
        return new Shape[] {new Shape(s.get(0), c / ((long) factor * factor), s.get(2) * factor, s.get(3) * factor)};
    }
}
