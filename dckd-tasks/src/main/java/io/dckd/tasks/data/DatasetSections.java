package io.dckd.tasks.data;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValueType;
import io.dckd.core.registry.UnknownComponentException;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.tasks.config.TasksReference;
import java.util.List;

/**
 * A run's {@code datasets} as this module reads them: {@code datasets.train} over
 * {@code dckd.tasks.datasets.train} and every {@code datasets.val*} over {@code dckd.tasks.datasets.val},
 * so that {@code dckd config} prints, and the run directory records, every option a run uses (the
 * readers, {@link TrainOptions} and {@link ValidationSets}, apply the same defaults). The dataset
 * {@code type} of each section is checked on the way: an unknown one fails with its key, file:line,
 * the nearest type and the known ones.
 */
public final class DatasetSections {

    /** The dataset types this module reads. */
    public static final List<String> TYPES = List.of(TrainOptions.PAIRED, TrainOptions.SINGLE);

    private DatasetSections() {}

    /** {@code root} with its dataset sections completed from the defaults; other sections untouched. */
    public static Config withDefaults(Config root) {
        if (!root.hasPath("datasets")) {
            return root;
        }
        Config datasets = root.getConfig("datasets");
        Config defaults = TasksReference.defaults("datasets");
        Config out = datasets;
        for (var e : datasets.root().entrySet()) {
            String key = e.getKey();
            String kind = key.equals("train") ? "train" : key.startsWith("val") ? "val" : null;
            if (kind == null || e.getValue().valueType() != ConfigValueType.OBJECT) {
                continue;
            }
            String path = "datasets." + key;
            Config section = datasets.getConfig(ConfigUtil.joinPath(key)).withFallback(defaults.getConfig(kind));
            String type = section.getString("type");
            if (!TYPES.contains(type)) {
                throw new UnknownComponentException(new ComponentSpec(type, section, path), "dataset type", TYPES, null);
            }
            out = out.withValue(ConfigUtil.joinPath(key), section.root());
        }
        return root.withValue("datasets", out.root());
    }
}
