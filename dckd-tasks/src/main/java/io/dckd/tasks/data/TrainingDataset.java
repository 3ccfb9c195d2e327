package io.dckd.tasks.data;

import io.dckd.core.data.Sample;
import java.util.SplittableRandom;

/** A training dataset: a fixed list of images, each turned into a random (augmented) patch pair. */
public interface TrainingDataset {

    /** Number of usable images (bad ones were skipped when the dataset was opened). */
    int size();

    /** A random patch pair from image {@code index}, deterministic given {@code rng}. */
    Sample sample(int index, SplittableRandom rng);
}
