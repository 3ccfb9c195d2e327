package io.dckd.core.data;

import java.util.List;

/**
 * A training batch in host memory, NCHW float, ready to be copied into a step's NDManager.
 *
 * @param lq inputs, size × 3 × lqHeight × lqWidth
 * @param gt targets, size × 3 × gtHeight × gtWidth
 */
public record Batch(int size, int lqHeight, int lqWidth, float[] lq, int gtHeight, int gtWidth, float[] gt) {

    public Batch {
        if (lq.length != size * 3 * lqHeight * lqWidth || gt.length != size * 3 * gtHeight * gtWidth) {
            throw new IllegalArgumentException("batch arrays do not match their shapes");
        }
    }

    /** Stacks equally sized samples into one batch. */
    public static Batch of(List<Sample> samples) {
        Sample first = samples.get(0);
        int n = samples.size();
        int lw = first.lq().width(), lh = first.lq().height();
        int gw = first.gt().width(), gh = first.gt().height();
        float[] lq = new float[n * 3 * lh * lw];
        float[] gt = new float[n * 3 * gh * gw];
        for (int i = 0; i < n; i++) {
            Sample s = samples.get(i);
            if (s.lq().width() != lw || s.lq().height() != lh || s.gt().width() != gw || s.gt().height() != gh) {
                throw new IllegalArgumentException("samples of one batch must have one size: " + s.name());
            }
            System.arraycopy(s.lq().chw(), 0, lq, i * 3 * lh * lw, 3 * lh * lw);
            System.arraycopy(s.gt().chw(), 0, gt, i * 3 * gh * gw, 3 * gh * gw);
        }
        return new Batch(n, lh, lw, lq, gh, gw, gt);
    }
}
