package io.dckd.tasks.data;

import com.typesafe.config.Config;
import io.dckd.core.config.ComponentOptions;
import io.dckd.core.data.Sample;
import io.dckd.core.data.ValidationSet;
import io.dckd.core.image.RgbImage;
import io.dckd.core.spi.RestorationTask;
import io.dckd.tasks.config.TasksReference;
import io.dckd.tasks.degrade.ModCrop;
import io.dckd.tasks.io.ImageFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads every {@code datasets.val*} section (BasicSR's {@code val}, {@code val_1}, {@code val_2} ...,
 * in key order) as a {@link ValidationSet}: whole images in file-name order. With
 * {@code dataroot_lq} the LQ files are paired by {@code filename_tmpl}; a GT larger than
 * scale × LQ by less than the scale is cropped (mod crop), other mismatches are skipped with a
 * warning. Without {@code dataroot_lq} the GT is cropped to a multiple of the scale and its LQ made
 * by the task's degradation with a seed fixed per image ({@code seed} and the file name), so it is
 * the same in every run. Unreadable files are skipped with a warning naming them.
 */
public final class ValidationSets {
    private static final Logger LOG = LoggerFactory.getLogger(ValidationSets.class);

    private ValidationSets() {}

    /** @param datasets the root {@code datasets} section */
    public static List<ValidationSet> load(Config datasets, RestorationTask task) {
        List<ValidationSet> out = new ArrayList<>();
        for (String key : new TreeSet<>(datasets.root().keySet())) {
            if (key.startsWith("val")) {
                out.add(loadOne(datasets.getConfig(key), "datasets." + key, task));
            }
        }
        return out;
    }

    /** One validation section. */
    public static ValidationSet loadOne(Config section, String path, RestorationTask task) {
        ComponentOptions o = ComponentOptions.over(TasksReference.defaults("datasets.val")).read(section, path);
        if (!o.has("dataroot_gt")) {
            throw o.bad("dataroot_gt", "validation set " + path + " needs dataroot_gt");
        }
        int scale = task.scale();
        if (o.has("scale") && o.getInt("scale") != scale) {
            throw o.bad("scale", "dataset scale " + o.getInt("scale") + " differs from task.scale " + scale);
        }
        String name = o.getString("name");
        Path gtDir = Path.of(o.getString("dataroot_gt"));
        List<Path> gts = ImageFolder.list(gtDir, path + ".dataroot_gt", o.config().getValue("dataroot_gt").origin());
        Path lqDir = null;
        if (o.has("dataroot_lq")) {
            lqDir = Path.of(o.getString("dataroot_lq"));
            ImageFolder.list(lqDir, path + ".dataroot_lq", o.config().getValue("dataroot_lq").origin());
        }
        String tmpl = o.getString("filename_tmpl");
        long seed = o.getLong("seed");
        List<Sample> samples = new ArrayList<>();
        for (Path gtFile : gts) {
            Sample s = lqDir == null ? synthetic(gtFile, name, seed, task) : paired(gtFile, lqDir, tmpl, name, scale);
            if (s != null) {
                samples.add(s);
            }
        }
        if (samples.isEmpty()) {
            throw o.bad("dataroot_gt", "no usable validation image in " + gtDir.toAbsolutePath() + " (from " + path
                            + ".dataroot_gt): every file was skipped, see the warnings above");
        }
        LOG.info("Validation set {} ({}): {} images ({} skipped){}", name, path, samples.size(), gts.size() - samples.size(),
                lqDir == null ? ", LQ by the task's degradation" : "");
        return new ValidationSet(name, samples);
    }

    private static Sample synthetic(Path gtFile, String set, long seed, RestorationTask task) {
        RgbImage gt = DatasetEntries.readOrWarn(gtFile, set);
        if (gt == null) {
            return null;
        }
        int scale = task.scale();
        if (gt.width() < scale || gt.height() < scale) {
            LOG.warn("[{}] skipping {}: {}x{} is smaller than the scale {}", set, gtFile, gt.width(), gt.height(), scale);
            return null;
        }
        gt = ModCrop.apply(gt, scale);
        String stem = ImageFiles.stem(gtFile);
        RgbImage lq = task.degrade(gt, Seeds.rng(seed, 3, gtFile.getFileName().toString().hashCode()));
        return new Sample(stem, lq, gt);
    }

    private static Sample paired(Path gtFile, Path lqDir, String tmpl, String set, int scale) {
        Path lqFile = ImageFolder.pairOf(gtFile, lqDir, tmpl);
        if (lqFile == null) {
            LOG.warn("[{}] skipping {}: no LQ image '{}' in {}", set, gtFile, tmpl.replace("{}", ImageFiles.stem(gtFile)) + ".*", lqDir);
            return null;
        }
        RgbImage gt = DatasetEntries.readOrWarn(gtFile, set);
        RgbImage lq = gt == null ? null : DatasetEntries.readOrWarn(lqFile, set);
        if (gt == null || lq == null) {
            return null;
        }
        int w = lq.width() * scale, h = lq.height() * scale;
        if (gt.width() < w || gt.height() < h || gt.width() - w >= scale || gt.height() - h >= scale) {
            LOG.warn("[{}] skipping {}: GT {}x{} does not match {} x LQ {}x{} ({})", set, gtFile, gt.width(), gt.height(),
                    scale, lq.width(), lq.height(), lqFile);
            return null;
        }
        return new Sample(ImageFiles.stem(gtFile), lq, ModCrop.apply(gt, scale));
    }
}
