package io.dckd.tasks.data;

import io.dckd.core.data.Batch;
import io.dckd.core.data.BatchSource;
import io.dckd.core.data.Sample;
import io.dckd.core.spi.RestorationTask;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Opens the training {@link BatchSource} of {@code datasets.train}: the dataset (listed and checked
 * once), then batch {@code b} = {@code batch_size_per_gpu} samples {@code b·B .. b·B+B-1}, image
 * chosen by {@link SampleOrder}, crop/augment/degradation drawn from a per-batch
 * {@code SplittableRandom} derived from (seed, b) and split once per sample.
 */
public final class TrainingStream {
    private TrainingStream() {}

    /**
     * @param precomputeLq for SingleImageDataset: the task's degradation is deterministic
     */
    public static BatchSource open(TrainOptions o, RestorationTask task, boolean precomputeLq, long seed) {
        TrainingDataset ds = o.type().equals(TrainOptions.PAIRED)
                ? new PairedImageDataset(o, task.scale())
                : new SingleImageDataset(o, task, precomputeLq);
        return open(ds, o.batchSize(), o.enlargeRatio(), o.useShuffle(), o.workers(), o.prefetchBatches(), seed);
    }

    /** A stream over an opened dataset. */
    public static BatchSource open(TrainingDataset ds, int batchSize, int enlargeRatio, boolean shuffle, int workers,
            int prefetch, long seed) {
        SampleOrder order = new SampleOrder(ds.size(), enlargeRatio, shuffle, seed);
        return new PrefetchBatchSource(b -> {
            SplittableRandom rng = Seeds.rng(seed, 2, b);
            List<Sample> samples = new ArrayList<>(batchSize);
            for (int k = 0; k < batchSize; k++) {
                long i = b * batchSize + k;
                samples.add(ds.sample(order.imageOf(i), rng.split()));
            }
            return Batch.of(samples);
        }, workers, prefetch);
    }
}
