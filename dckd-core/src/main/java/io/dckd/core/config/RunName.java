package io.dckd.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

/**
 * The run's {@code name} becomes a directory under {@code path.experiments_root}; a name with a path
 * separator or {@code ..} would write (and archive, and overwrite) runs anywhere on the disk, so it
 * must be a plain file name.
 */
public final class RunName {

    private RunName() {}

    /** Throws a {@link ConfigProblem} at {@code name}'s file:line unless it is a plain, non-empty file name. */
    public static void require(Config run) {
        if (!run.hasPath("name")) {
            return;
        }
        ConfigValue v = run.getValue("name");
        String why = null;
        if (v.valueType() != ConfigValueType.STRING && v.valueType() != ConfigValueType.NUMBER) {
            why = "is not a string";
        } else {
            String name = String.valueOf(v.unwrapped());
            if (name.isBlank()) {
                why = "is empty";
            } else if (name.equals(".") || name.equals("..")) {
                why = "is a relative directory";
            } else if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
                why = "contains a path separator";
            } else if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                why = "contains a control character";
            }
        }
        if (why != null) {
            throw new ConfigProblem("key name = " + v.render(ConfigRenderOptions.concise()) + " at " + Locations.of(v.origin()) + " "
                    + why + ": the run name must be a plain file name (its run directory is path.experiments_root/<name>)");
        }
    }
}
