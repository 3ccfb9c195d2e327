package io.dckd.tasks.data;

import java.util.SplittableRandom;

/**
 * Which image the i-th training sample comes from: the stream is cut into epochs of
 * {@code size × enlargeRatio} samples (BasicSR's {@code dataset_enlarge_ratio}); each epoch visits
 * every image {@code enlargeRatio} times in an order shuffled from (seed, epoch) when
 * {@code use_shuffle} (BasicSR's {@code EnlargedSampler}), else in file order. Pure function of
 * (seed, i): resuming needs no state.
 */
final class SampleOrder {
    private final int size;
    private final int epochLength;
    private final boolean shuffle;
    private final long seed;
    private long cachedEpoch = -1;
    private int[] cachedPerm;

    SampleOrder(int size, int enlargeRatio, boolean shuffle, long seed) {
        this.size = size;
        this.epochLength = size * enlargeRatio;
        this.shuffle = shuffle;
        this.seed = seed;
    }

    synchronized int imageOf(long sample) {
        long epoch = sample / epochLength;
        int pos = (int) (sample % epochLength);
        if (!shuffle) {
            return pos % size;
        }
        if (epoch != cachedEpoch) {
            cachedPerm = permutation(epoch);
            cachedEpoch = epoch;
        }
        return cachedPerm[pos] % size;
    }

    private int[] permutation(long epoch) {
        int[] p = new int[epochLength];
        for (int i = 0; i < p.length; i++) {
            p[i] = i;
        }
        SplittableRandom r = Seeds.rng(seed, 1, epoch);
        for (int i = p.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
