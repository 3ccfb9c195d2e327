package io.dckd.tasks.data;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.dckd.tasks.config.ConfigKeys;
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
        Config defaults = ConfigKeys.defaults().getConfig("datasets.train");
        ConfigKeys.check(train, defaults, path);
        Config c = train.withFallback(defaults);
        String type = c.getString("type");
        if (!type.equals(PAIRED) && !type.equals(SINGLE)) {
            throw new ConfigException.BadValue(c.getValue("type").origin(), path + ".type", "unknown dataset type '" + type
                    + "'; known: " + PAIRED + " (dataroot_gt + dataroot_lq), " + SINGLE + " (dataroot_gt only)");
        }
        if (!c.hasPath("dataroot_gt")) {
            throw new ConfigException.BadValue(train.origin(), path + ".dataroot_gt", "training needs " + path + ".dataroot_gt");
        }
        Path lq = c.hasPath("dataroot_lq") ? Path.of(c.getString("dataroot_lq")) : null;
        if (type.equals(PAIRED) && lq == null) {
            throw new ConfigException.BadValue(train.origin(), path + ".dataroot_lq", PAIRED
                    + " needs dataroot_lq; use type = " + SINGLE + " to make LQ images with the task's degradation");
        }
        int gtSize = c.getInt("gt_size");
        if (gtSize <= 0 || gtSize % scale != 0) {
            throw new ConfigException.BadValue(c.getValue("gt_size").origin(), path + ".gt_size",
                    "gt_size must be a positive multiple of the scale " + scale + ", got " + gtSize);
        }
        if (c.hasPath("scale") && c.getInt("scale") != scale) {
            throw new ConfigException.BadValue(c.getValue("scale").origin(), path + ".scale",
                    "dataset scale " + c.getInt("scale") + " differs from task.scale " + scale);
        }
        if (c.hasPath("io_backend.type") && !c.getString("io_backend.type").equals("disk")) {
            throw new ConfigException.BadValue(c.getValue("io_backend.type").origin(), path + ".io_backend.type",
                    "only io_backend.type = disk is supported");
        }
        int batch = positive(c, "batch_size_per_gpu", path);
        int workers = Math.max(1, Math.min(c.getInt("num_worker_per_gpu"), Runtime.getRuntime().availableProcessors()));
        return new TrainOptions(c, path, c.getString("name"), type, Path.of(c.getString("dataroot_gt")), lq,
                c.hasPath("meta_info_file") ? Path.of(c.getString("meta_info_file")) : null, c.getString("filename_tmpl"),
                gtSize, c.getBoolean("use_hflip"), c.getBoolean("use_rot"), c.getBoolean("use_shuffle"), batch, workers,
                positive(c, "dataset_enlarge_ratio", path), c.getBoolean("cache_images"), positive(c, "prefetch_batches", path));
    }

    private static int positive(Config c, String key, String path) {
        int v = c.getInt(key);
        if (v <= 0) {
            throw new ConfigException.BadValue(c.getValue(key).origin(), path + "." + key, key + " must be > 0, got " + v);
        }
        return v;
    }
}
