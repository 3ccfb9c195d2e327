package io.dckd.core.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.dckd.core.image.RgbImage;
import io.dckd.core.train.ImageTensors;
import java.util.Arrays;

/**
 * Runs a network ({@link ImageModel}: DJL or ONNX Runtime) on an image of any size, whole or in overlapping tiles ({@link TilePlan}), with
 * feathered blending ({@link TileAxis}) so that tile borders do not show. Tiles are restored one
 * row of tiles at a time into a float band as wide as the output and one tile high; rows that no
 * later tile touches are handed to a {@link RowSink} and the band moves on. Memory is one tile's
 * forward plus that band, whatever the image size; the caller's sink decides how compact the
 * assembled output is.
 */
public final class TiledRestorer {

    private final ImageModel net;
    private final TilePlan plan;

    public TiledRestorer(ImageModel net, TilePlan plan) {
        this.net = net;
        this.plan = plan;
    }

    /**
     * A restorer for an explicit tile size and overlap ({@code tile} 0: whole image), as
     * {@code --tile}/{@code --tile-overlap} give them.
     */
    public TiledRestorer(ImageModel net, int tile, int overlap) {
        this(net, TilePlan.explicit(tile, overlap, net.radius()));
    }

    public TilePlan plan() {
        return plan;
    }

    /** Restores {@code lq} into a float image (12 bytes per output pixel: for small images). */
    public RgbImage restore(RgbImage lq) {
        int s = net.scale();
        FloatImageSink sink = new FloatImageSink(lq.width() * s, lq.height() * s);
        restore(lq, sink);
        return sink.image();
    }

    /** Restores {@code lq}, handing the output rows to {@code sink} top to bottom. */
    public void restore(RgbImage lq, RowSink sink) {
        int s = net.scale();
        int m = net.alignment();
        int tile = plan.tile() == 0 ? Integer.MAX_VALUE : Math.max(m, plan.tile() / m * m); // whole cells of the grid
        TileAxis ax = new TileAxis(lq.width(), tile, m, plan.context(), plan.feather(), s);
        TileAxis ay = new TileAxis(lq.height(), tile, m, plan.context(), plan.feather(), s);
        int ow = lq.width() * s;
        int bandHeight = ay.maxLength() * s;
        float[] band = new float[3 * bandHeight * ow];
        int base = 0;
        for (int j = 0; j < ay.count(); j++) {
            float[] wy = ay.weights(j);
            for (int i = 0; i < ax.count(); i++) {
                RgbImage crop = lq.crop(ax.start(i), ay.start(j), ax.length(i), ay.length(j));
                float[] out = weighted(crop, ax.weights(i), wy);
                add(band, bandHeight, ow, out, ax.start(i) * s, ay.start(j) * s - base, ax.length(i) * s, ay.length(j) * s);
            }
            int end = (j + 1 < ay.count() ? ay.start(j + 1) : lq.height()) * s;
            int done = end - base;
            sink.put(base, done, band, bandHeight);
            for (int c = 0; c < 3; c++) {
                int plane = c * bandHeight * ow;
                System.arraycopy(band, plane + done * ow, band, plane, (bandHeight - done) * ow);
                Arrays.fill(band, plane + (bandHeight - done) * ow, plane + bandHeight * ow, 0f);
            }
            base = end;
        }
    }

    /** The network's output for {@code crop}, times its tile weights (outer product of the axes'). */
    private float[] weighted(RgbImage crop, float[] wx, float[] wy) {
        try (NDManager scratch = net.manager().newSubManager()) {
            NDArray y = net.infer(ImageTensors.toArray(scratch, crop));
            NDArray w = scratch.create(wy, new Shape(wy.length, 1)).mul(scratch.create(wx, new Shape(1, wx.length)));
            return y.mul(w).toFloatArray();
        }
    }

    private static void add(float[] band, int bandHeight, int ow, float[] tile, int x0, int y0, int tw, int th) {
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < th; y++) {
                int src = (c * th + y) * tw;
                int dst = (c * bandHeight + y0 + y) * ow + x0;
                for (int x = 0; x < tw; x++) {
                    band[dst + x] += tile[src + x];
                }
            }
        }
    }
}
