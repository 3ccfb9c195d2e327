package io.dckd.core.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;

/**
 * A configuration error that points at the file and line where the offending value was written.
 * The launcher maps it to exit code 2.
 */
public class ConfigProblem extends ConfigException {

    public ConfigProblem(ConfigOrigin origin, String message) {
        super(origin, message);
    }

    public ConfigProblem(String message) {
        super(message);
    }
}
