package io.dckd.tasks.data;

import io.dckd.core.data.Sample;
import io.dckd.core.image.RgbImage;
import io.dckd.core.spi.RestorationTask;
import io.dckd.tasks.degrade.ModCrop;
import io.dckd.tasks.io.ImageFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On-the-fly training pairs from GT images only ({@code type = SingleImageDataset} with just
 * {@code dataroot_gt}): the LQ image is made by the task's degradation.
 *
 * <p>For a deterministic degradation (bicubic SR) the LQ of each whole image is computed once at
 * load time, exactly as prepared data would be (mod-crop, imresize, 8-bit rounding), and patches are
 * then cropped as in {@link PairedImageDataset}. For stochastic degradations (blur, rain, noise) a GT
 * patch is cropped and degraded with the sample's seeded random stream, then both are augmented.
 * Unreadable images and images smaller than the patch are skipped with a warning naming the file.
 */
public final class SingleImageDataset implements TrainingDataset {
    private static final Logger LOG = LoggerFactory.getLogger(SingleImageDataset.class);

    private record Item(String name, Path file, RgbImage gt, RgbImage lq) {}

    private final TrainOptions options;
    private final RestorationTask task;
    private final boolean precompute;
    private final List<Item> items;

    /**
     * @param precomputeLq true for deterministic degradations: LQ made once per image at load time
     */
    public SingleImageDataset(TrainOptions options, RestorationTask task, boolean precomputeLq) {
        this.options = options;
        this.task = task;
        this.precompute = precomputeLq;
        List<Path> gts = DatasetEntries.gtFiles(options);
        this.items = DatasetEntries.loadAll(gts, options.workers(), this::load);
        if (items.isEmpty()) {
            throw DatasetEntries.noneUsable(options);
        }
        LOG.info("Dataset [SingleImageDataset] - {} is built: {} images ({} skipped), LQ by the task's degradation{}",
                options.name(), items.size(), gts.size() - items.size(), precompute ? " (precomputed)" : " (per patch)");
    }

    private Item load(Path file) {
        RgbImage gt = DatasetEntries.readOrWarn(file, options.name());
        if (gt == null) {
            return null;
        }
        int scale = task.scale();
        gt = ModCrop.apply(gt, scale);
        if (gt.width() < options.gtSize() || gt.height() < options.gtSize()) {
            LOG.warn("[{}] skipping {}: {}x{} (after crop to a multiple of {}) is smaller than gt_size {}", options.name(),
                    file, gt.width(), gt.height(), scale, options.gtSize());
            return null;
        }
        String stem = ImageFiles.stem(file);
        if (!options.cacheImages()) {
            return new Item(stem, file, null, null);
        }
        RgbImage lq = precompute ? task.degrade(gt, new SplittableRandom(0)) : null;
        return new Item(stem, file, gt, lq);
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public Sample sample(int index, SplittableRandom rng) {
        Item it = items.get(index);
        RgbImage gt = it.gt(), lq = it.lq();
        if (gt == null) {
            gt = ModCrop.apply(ImageFolder.reread(it.file()), task.scale());
            if (precompute) {
                lq = task.degrade(gt, new SplittableRandom(0));
            }
        }
        Sample s;
        if (precompute) {
            s = PairedRandomCrop.crop(it.name(), lq, gt, options.gtSize(), task.scale(), rng);
        } else {
            int g = options.gtSize();
            int top = rng.nextInt(gt.height() - g + 1), left = rng.nextInt(gt.width() - g + 1);
            RgbImage patch = gt.crop(left, top, g, g);
            s = new Sample(it.name(), task.degrade(patch, rng), patch);
        }
        return PairedRandomCrop.augment(s, options.useHflip(), options.useRot(), rng);
    }
}
