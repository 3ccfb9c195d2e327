package io.dckd.core.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.dckd.core.image.RgbImage;
import io.dckd.core.train.ImageTensors;
import io.dckd.core.train.Network;

/**
 * Runs a network on an image of any size, whole or in overlapping tiles (SwinIR's
 * {@code --tile}/{@code --tile_overlap}): tiles of {@code tile}×{@code tile} LR pixels start every
 * {@code tile − overlap} pixels (the last one flush with the border), each output tile is added to an
 * accumulator with weight 1, and the sum is divided by the per-pixel count. Memory stays bounded by
 * one tile.
 */
public final class TiledRestorer {

    private final Network net;
    private final int tile;
    private final int overlap;

    /**
     * @param tile tile side in input pixels, 0 for whole-image inference
     * @param overlap overlap between neighbouring tiles in input pixels
     */
    public TiledRestorer(Network net, int tile, int overlap) {
        if (tile < 0 || overlap < 0 || (tile > 0 && overlap >= tile)) {
            throw new IllegalArgumentException("need tile >= 0 and 0 <= overlap < tile, got tile " + tile + ", overlap " + overlap);
        }
        this.net = net;
        this.tile = tile;
        this.overlap = overlap;
    }

    /** Restores {@code lq}. */
    public RgbImage restore(RgbImage lq) {
        if (tile == 0 || (lq.width() <= tile && lq.height() <= tile)) {
            return run(lq);
        }
        int s = net.backbone().scale();
        int ow = lq.width() * s;
        int oh = lq.height() * s;
        float[] acc = new float[3 * ow * oh];
        float[] weight = new float[ow * oh];
        int tw = Math.min(tile, lq.width());
        int th = Math.min(tile, lq.height());
        for (int y0 : starts(lq.height(), th)) {
            for (int x0 : starts(lq.width(), tw)) {
                RgbImage out = run(lq.crop(x0, y0, tw, th));
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < out.height(); y++) {
                        int oy = y0 * s + y;
                        for (int x = 0; x < out.width(); x++) {
                            acc[(c * oh + oy) * ow + x0 * s + x] += out.get(c, y, x);
                        }
                    }
                }
                for (int y = 0; y < out.height(); y++) {
                    for (int x = 0; x < out.width(); x++) {
                        weight[(y0 * s + y) * ow + x0 * s + x] += 1f;
                    }
                }
            }
        }
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < ow * oh; i++) {
                acc[c * ow * oh + i] /= weight[i];
            }
        }
        return new RgbImage(ow, oh, acc);
    }

    private int[] starts(int size, int t) {
        int stride = Math.max(1, t - overlap);
        java.util.List<Integer> list = new java.util.ArrayList<>();
        for (int p = 0; p < size - t; p += stride) {
            list.add(p);
        }
        list.add(size - t);
        return list.stream().distinct().mapToInt(Integer::intValue).toArray();
    }

    private RgbImage run(RgbImage img) {
        try (NDManager scratch = net.manager().newSubManager()) {
            NDArray x = ImageTensors.toArray(scratch, img);
            return ImageTensors.toImage(net.infer(x));
        }
    }
}
