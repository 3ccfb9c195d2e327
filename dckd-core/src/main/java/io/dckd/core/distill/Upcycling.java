package io.dckd.core.distill;

import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import com.typesafe.config.Config;
import io.dckd.core.config.ConfigProblem;
import java.util.SplittableRandom;

/**
 * DUKD's upcycled training data (Zhang et al. 2023, "Data Upcycling Knowledge Distillation for Image
 * Super-Resolution"), the inputs that only the teacher can label:
 * <ul>
 *   <li>zoom-in: {@code n_gt_sub} random LR-sized tiles of each GT patch, used as low-resolution
 *       inputs (real high-frequency detail the LR patch does not show);</li>
 *   <li>zoom-out: the LR patch itself shrunk by the scale (bicubic, {@code F.interpolate} with
 *       {@code align_corners=False}), whose ×s restoration has the LR patch as its ground truth.</li>
 * </ul>
 * The terms that read them ({@code zoom_in_student/teacher}, {@code zoom_out_student/teacher}) are
 * ordinary loss sections, summed into the one objective of the step.
 *
 * @param nGtSub zoom-in tiles per GT patch ({@code train.upcycle.n_gt_sub})
 * @param scale the task's scale
 */
public record Upcycling(int nGtSub, int scale) {

    /** Binds {@code train.upcycle}. */
    public static Upcycling from(Config upcycle, int scale) {
        int n = upcycle.getInt("n_gt_sub");
        if (n < 1) {
            throw new ConfigProblem(upcycle.getValue("n_gt_sub").origin(), "train.upcycle.n_gt_sub must be at least 1, got " + n);
        }
        return new Upcycling(n, scale);
    }

    /**
     * {@code n_gt_sub} tiles of h×w (the LR size) per sample of {@code gt} (B×C×sh×sw), at positions
     * drawn from {@code rng}; B·n_gt_sub × C × h × w, sample-major. The result belongs to gt's manager.
     */
    public NDArray zoomIn(NDArray gt, long h, long w, SplittableRandom rng) {
        long b = gt.getShape().get(0);
        long gh = gt.getShape().get(2);
        long gw = gt.getShape().get(3);
        if (gh < h || gw < w) {
            throw new IllegalArgumentException("GT " + gh + "x" + gw + " is smaller than the LR tile " + h + "x" + w);
        }
        NDList tiles = new NDList();
        for (long i = 0; i < b; i++) {
            for (int k = 0; k < nGtSub; k++) {
                long y = rng.nextLong(gh - h + 1);
                long x = rng.nextLong(gw - w + 1);
                tiles.add(gt.get(new NDIndex("{}:{}, :, {}:{}, {}:{}", i, i + 1, y, y + h, x, x + w)));
            }
        }
        return tiles.size() == 1 ? tiles.get(0) : NDArrays.concat(tiles, 0);
    }

    /** {@code lq} (B×C×h×w) shrunk to ⌊h/s⌋×⌊w/s⌋ with bicubic interpolation; belongs to lq's manager. */
    public NDArray zoomOut(NDArray lq) {
        long h = lq.getShape().get(2) / scale;
        long w = lq.getShape().get(3) / scale;
        if (h < 1 || w < 1) {
            throw new IllegalArgumentException("LR patch " + lq.getShape() + " is smaller than the scale " + scale);
        }
        return lq.getNDArrayInternal().interpolation(new long[] {h, w}, Image.Interpolation.BICUBIC.ordinal(), false);
    }
}
