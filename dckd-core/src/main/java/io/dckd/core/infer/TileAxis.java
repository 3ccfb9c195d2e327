package io.dckd.core.infer;

import java.util.ArrayList;
import java.util.List;

/**
 * One axis of a tile grid and its blending weights. Tiles of {@code tile} input pixels start at
 * multiples of the network's size multiple (so SwinIR's windows fall where they fall in a
 * whole-image pass) and overlap by at least {@code 2·context + feather} pixels; the last tile is
 * flush with the border (up to one multiple longer).
 *
 * <p>Why this blending: an output pixel within {@code context} pixels of a tile's inner edge saw a
 * truncated receptive field, so its weight there is 0; the next {@code feather} pixels ramp linearly
 * to 1. Between two neighbours there is then always a pixel band where both are exact and the
 * hand-over is smooth, and where one is still wrong the other has full weight. Weights are divided
 * by their per-pixel sum, so they add up to 1 everywhere, and a 2-D tile's weight is the product of
 * its two axes' weights (which add up to 1 over the grid as well).
 */
public final class TileAxis {

    private final int[] starts;
    private final int[] lengths;
    private final int scale;
    private final float rampContext;
    private final float rampFeather;
    private final float[] sum;

    /**
     * @param size image size along this axis, in input pixels
     * @param tile tile length in input pixels (a tile ≥ size gives one tile)
     * @param multiple tile starts are multiples of this
     * @param context input pixels at a tile's inner edge that get no weight
     * @param feather input pixels over which the weight then ramps from 0 to 1 (≥ 1)
     * @param scale output pixels per input pixel
     */
    public TileAxis(int size, int tile, int multiple, int context, int feather, int scale) {
        if (size <= 0 || tile <= 0 || multiple <= 0 || context < 0 || feather < 1 || scale <= 0) {
            throw new IllegalArgumentException("bad tile axis: size " + size + ", tile " + tile + ", multiple " + multiple
                    + ", context " + context + ", feather " + feather + ", scale " + scale);
        }
        int overlap = 2 * context + feather;
        List<Integer> list = new ArrayList<>();
        if (tile >= size) {
            list.add(0);
        } else {
            int stride = Math.max(multiple, (tile - overlap) / multiple * multiple);
            for (int p = 0; p + tile < size; p += stride) {
                list.add(p);
            }
            int last = (size - tile) / multiple * multiple;
            if (last > list.get(list.size() - 1)) {
                list.add(last);
            }
        }
        this.starts = list.stream().mapToInt(Integer::intValue).toArray();
        this.lengths = new int[starts.length];
        for (int i = 0; i < starts.length; i++) {
            lengths[i] = i == starts.length - 1 ? size - starts[i] : tile;
        }
        this.scale = scale;
        this.sum = new float[size * scale];
        float c = context * scale;
        float f = feather * scale;
        for (int i = 0; i < starts.length; i++) {
            float[] w = profile(i, c, f);
            for (int p = 0; p < w.length; p++) {
                sum[starts[i] * scale + p] += w[p];
            }
        }
        for (int p = 0; p < sum.length; p++) {
            if (!(sum[p] > 0)) {
                throw new IllegalStateException("tile grid leaves output pixel " + p + " without weight (tile " + tile
                        + ", context " + context + ", feather " + feather + ")");
            }
        }
        this.rampContext = c;
        this.rampFeather = f;
    }

    /** Number of tiles along this axis. */
    public int count() {
        return starts.length;
    }

    /** First input pixel of tile {@code i}. */
    public int start(int i) {
        return starts[i];
    }

    /** Input pixels of tile {@code i}. */
    public int length(int i) {
        return lengths[i];
    }

    /** The largest tile length. */
    public int maxLength() {
        int m = 0;
        for (int l : lengths) {
            m = Math.max(m, l);
        }
        return m;
    }

    /** Normalised weights of tile {@code i}'s output pixels ({@code length(i)·scale} values). */
    public float[] weights(int i) {
        float[] w = profile(i, rampContext, rampFeather);
        for (int p = 0; p < w.length; p++) {
            w[p] /= sum[starts[i] * scale + p];
        }
        return w;
    }

    private float[] profile(int i, float context, float feather) {
        int n = lengths[i] * scale;
        float[] w = new float[n];
        for (int p = 0; p < n; p++) {
            float v = 1f;
            if (i > 0) {
                v *= ramp(p, context, feather);
            }
            if (i < starts.length - 1) {
                v *= ramp(n - 1 - p, context, feather);
            }
            w[p] = v;
        }
        return w;
    }

    private static float ramp(int distance, float context, float feather) {
        return Math.min(1f, Math.max(0f, (distance + 0.5f - context) / feather));
    }
}
