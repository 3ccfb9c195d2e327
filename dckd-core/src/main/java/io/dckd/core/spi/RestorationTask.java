package io.dckd.core.spi;

import com.typesafe.config.Config;
import io.dckd.core.data.BatchSource;
import io.dckd.core.data.ValidationSet;
import io.dckd.core.image.RgbImage;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A configured task: its degradation, data and default metrics.
 */
public interface RestorationTask {

    /** Output size / input size (1 for tasks that keep the size). */
    int scale();

    /** Makes the degraded input for one ground-truth image (deterministic given {@code rng}). */
    RgbImage degrade(RgbImage gt, SplittableRandom rng);

    /**
     * The baseline the model is compared with: bicubic upscaling of {@code lq} to the GT size for
     * super-resolution, the degraded input itself for scale 1.
     */
    RgbImage baseline(RgbImage lq);

    /**
     * Opens the training stream described by {@code datasets.train} (root config), seeded.
     *
     * @param train the {@code datasets.train} section
     * @param seed run seed
     */
    BatchSource trainingBatches(Config train, long seed);

    /**
     * Loads the validation sets: every {@code datasets.val*} section of the root config.
     *
     * @param datasets the {@code datasets} section
     */
    List<ValidationSet> validationSets(Config datasets);

    /**
     * The default metrics of this task when {@code val.metrics} is empty: e.g. PSNR and SSIM on Y
     * with crop border = scale for super-resolution.
     */
    Config defaultMetrics();
}
