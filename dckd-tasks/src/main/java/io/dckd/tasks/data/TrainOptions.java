package io.dckd.tasks.data;

import com.typesafe.config.Config;
import io.dckd.core.config.ComponentOptions;
import io.dckd.tasks.config.TasksReference;
import java.nio.file.Path;

/**
 * The {@code datasets.train} section (BasicSR names), bound over {@code dckd.tasks.datasets.train}.
 *
 * @param section the user's section merged over the defaults (origins intact, for messages)
 * @param path the section's config path, for messages
 */
public record TrainOptions(Config section, String path, String name, String type, Path datarootGt, Path datarootLq,
        Path metaInfoFile, String filenameTmpl, int gtSize, boolean useHflip, boolean useRot, boolean useShuffle,
        int batchSize, int workers, int enlargeRatio, boolean cacheImages, int prefetchBatches) {

    /** The dataset types the training stream knows. */
    public static final String PAIRED = "PairedImageDataset", SINGLE = "SingleImageDataset";

    /**
     * Binds and checks the section: unknown keys, the type, a GT folder, gt_size a positive multiple
     * of {@code scale}, and a {@code scale} key (if given) equal to the task's.
     */
    public static TrainOptions from(Config train, String path, int scale) {
        ComponentOptions o = ComponentOptions.over(TasksReference.defaults("datasets.train")).read(train, path);
        String type = o.getString("type");
        if (!type.equals(PAIRED) && !type.equals(SINGLE)) {
            throw o.bad("type", "unknown dataset type '" + type
                    + "'; known: " + PAIRED + " (dataroot_gt + dataroot_lq), " + SINGLE + " (dataroot_gt only)");
        }
        if (!o.has("dataroot_gt")) {
            throw o.bad("dataroot_gt", "training needs " + path + ".dataroot_gt");
        }
        Path lq = o.optString("dataroot_lq").map(Path::of).orElse(null);
        if (type.equals(PAIRED) && lq == null) {
            throw o.bad("dataroot_lq", PAIRED + " needs dataroot_lq; use type = " + SINGLE + " to make LQ images with the task's degradation");
        }
        int gtSize = o.getInt("gt_size");
        if (gtSize <= 0 || gtSize % scale != 0) {
            throw o.bad("gt_size", "gt_size must be a positive multiple of the scale " + scale + ", got " + gtSize);
        }
        if (o.has("scale") && o.getInt("scale") != scale) {
            throw o.bad("scale", "dataset scale " + o.getInt("scale") + " differs from task.scale " + scale);
        }
        if (!o.getString("io_backend.type").equals("disk")) {
            throw o.bad("io_backend.type", "only io_backend.type = disk is supported");
        }
        int workers = Math.max(1, Math.min(o.getInt("num_worker_per_gpu"), Runtime.getRuntime().availableProcessors()));
        return new TrainOptions(o.config(), path, o.getString("name"), type, Path.of(o.getString("dataroot_gt")), lq,
                o.optString("meta_info_file").map(Path::of).orElse(null), o.getString("filename_tmpl"), gtSize,
                o.getBoolean("use_hflip"), o.getBoolean("use_rot"), o.getBoolean("use_shuffle"), positive(o, "batch_size_per_gpu"),
                workers, positive(o, "dataset_enlarge_ratio"), o.getBoolean("cache_images"), positive(o, "prefetch_batches"));
    }

    private static int positive(ComponentOptions o, String key) {
        int v = o.getInt(key);
        if (v <= 0) {
            throw o.bad(key, key + " must be > 0, got " + v);
        }
        return v;
    }
}
