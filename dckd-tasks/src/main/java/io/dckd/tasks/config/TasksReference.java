package io.dckd.tasks.config;

import com.typesafe.config.Config;
import io.dckd.core.config.ComponentOptions;
import io.dckd.core.config.OptionsReader;

/**
 * Where this module declares its defaults: the {@code dckd.tasks} root of its {@code reference.conf}
 * (every key a section accepts; unknown keys are errors), read with this module's class loader.
 */
public final class TasksReference {

    /** Root of this module's defaults. */
    public static final String ROOT = "dckd.tasks";

    private TasksReference() {}

    /** The defaults at {@code dckd.tasks.<path>}, e.g. {@code datasets.train} or {@code metrics}. */
    public static Config defaults(String path) {
        return ComponentOptions.reference(TasksReference.class).getConfig(ROOT + "." + path);
    }

    /** The reader for task {@code type} ({@code dckd.tasks.<type>}, with its declared ranges). */
    public static OptionsReader task(String type) {
        return ComponentOptions.ofType(ComponentOptions.reference(TasksReference.class), ROOT, type);
    }
}
