package io.dckd.tasks.data;

import io.dckd.core.data.Sample;
import io.dckd.core.image.RgbImage;
import io.dckd.tasks.io.ImageFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BasicSR's {@code PairedImageDataset} for training: GT images in {@code dataroot_gt}, LQ images in
 * {@code dataroot_lq} named by {@code filename_tmpl}; each sample is a {@link PairedRandomCrop} of
 * {@code gt_size} (GT) / {@code gt_size/scale} (LQ) then {@code augment}. Pairs whose LQ is missing,
 * unreadable, not exactly 1/scale of the GT, or smaller than the patch are skipped with a warning
 * naming the file (BasicSR would crash). Images are decoded once at start when {@code cache_images}
 * (default), else per sample.
 */
public final class PairedImageDataset implements TrainingDataset {
    private static final Logger LOG = LoggerFactory.getLogger(PairedImageDataset.class);

    private record Pair(String name, Path gtFile, Path lqFile, RgbImage gt, RgbImage lq) {}

    private final TrainOptions options;
    private final int scale;
    private final List<Pair> pairs;

    /** Lists, pairs, validates and (if cached) decodes the images. */
    public PairedImageDataset(TrainOptions options, int scale) {
        this.options = options;
        this.scale = scale;
        List<Path> gts = DatasetEntries.gtFiles(options);
        ImageFolder.list(options.datarootLq(), options.path() + ".dataroot_lq", options.section().getValue("dataroot_lq").origin());
        this.pairs = DatasetEntries.loadAll(gts, options.workers(), this::load);
        if (pairs.isEmpty()) {
            throw DatasetEntries.noneUsable(options);
        }
        LOG.info("Dataset [PairedImageDataset] - {} is built: {} pairs ({} skipped)", options.name(), pairs.size(),
                gts.size() - pairs.size());
    }

    private Pair load(Path gtFile) {
        String name = options.name();
        Path lqFile = ImageFolder.pairOf(gtFile, options.datarootLq(), options.filenameTmpl());
        if (lqFile == null) {
            LOG.warn("[{}] skipping {}: no LQ image '{}' in {}", name, gtFile, options.filenameTmpl().replace("{}",
                    ImageFiles.stem(gtFile)) + ".*", options.datarootLq());
            return null;
        }
        RgbImage gt = DatasetEntries.readOrWarn(gtFile, name);
        RgbImage lq = gt == null ? null : DatasetEntries.readOrWarn(lqFile, name);
        if (gt == null || lq == null) {
            return null;
        }
        if (gt.width() != lq.width() * scale || gt.height() != lq.height() * scale) {
            LOG.warn("[{}] skipping {}: GT {}x{} is not {} x LQ {}x{} ({})", name, gtFile, gt.width(), gt.height(), scale,
                    lq.width(), lq.height(), lqFile);
            return null;
        }
        int lqSize = options.gtSize() / scale;
        if (lq.width() < lqSize || lq.height() < lqSize) {
            LOG.warn("[{}] skipping {}: LQ {}x{} is smaller than the patch {}x{} (gt_size {})", name, lqFile, lq.width(),
                    lq.height(), lqSize, lqSize, options.gtSize());
            return null;
        }
        String stem = ImageFiles.stem(gtFile);
        return options.cacheImages() ? new Pair(stem, gtFile, lqFile, gt, lq) : new Pair(stem, gtFile, lqFile, null, null);
    }

    @Override
    public int size() {
        return pairs.size();
    }

    @Override
    public Sample sample(int index, SplittableRandom rng) {
        Pair p = pairs.get(index);
        RgbImage gt = p.gt(), lq = p.lq();
        if (gt == null) {
            gt = ImageFolder.reread(p.gtFile());
            lq = ImageFolder.reread(p.lqFile());
        }
        Sample s = PairedRandomCrop.crop(p.name(), lq, gt, options.gtSize(), scale, rng);
        return PairedRandomCrop.augment(s, options.useHflip(), options.useRot(), rng);
    }
}
