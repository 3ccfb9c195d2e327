package io.dckd.tasks.task;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dckd.core.data.BatchSource;
import io.dckd.core.data.ValidationSet;
import io.dckd.core.spi.RestorationTask;
import io.dckd.tasks.data.TrainOptions;
import io.dckd.tasks.data.TrainingStream;
import io.dckd.tasks.data.ValidationSets;
import java.util.List;

/**
 * What every built-in task shares: the training stream ({@link TrainingStream}), the validation
 * sets ({@link ValidationSets}) and default metrics {@code psnr} and {@code ssim}
 * ({@code calculate_psnr}, {@code calculate_ssim}) with the task's crop border and channel.
 */
public abstract class ImageRestorationTask implements RestorationTask {

    private final int scale;
    private final int metricCrop;
    private final boolean metricY;

    protected ImageRestorationTask(int scale, int metricCrop, boolean metricY) {
        this.scale = scale;
        this.metricCrop = metricCrop;
        this.metricY = metricY;
    }

    @Override
    public int scale() {
        return scale;
    }

    /** True if {@link #degrade} ignores its random stream (LQ can be computed once per image). */
    protected abstract boolean deterministic();

    @Override
    public BatchSource trainingBatches(Config train, long seed) {
        return TrainingStream.open(TrainOptions.from(train, "datasets.train", scale), this, deterministic(), seed);
    }

    @Override
    public List<ValidationSet> validationSets(Config datasets) {
        return ValidationSets.load(datasets, this);
    }

    @Override
    public Config defaultMetrics() {
        String opts = "crop_border = " + metricCrop + ", test_y_channel = " + metricY;
        return ConfigFactory.parseString("psnr { type = calculate_psnr, " + opts + " }\n"
                + "ssim { type = calculate_ssim, " + opts + " }");
    }
}
