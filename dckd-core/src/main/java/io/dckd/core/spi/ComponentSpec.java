package io.dckd.core.spi;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValueFactory;

/**
 * One component chosen in config: {@code { type = Name, ...params }}.
 *
 * @param type the registry key (a built-in name, {@code plugin-id:Name}, or a preset)
 * @param params the whole section, {@code type} included, with every value's origin (file:line)
 * @param path the config path of the section, e.g. {@code network_g}, for error messages
 */
public record ComponentSpec(String type, Config params, String path) {

    /** Reads the section at {@code path}; its {@code type} key is required. */
    public static ComponentSpec at(Config root, String path) {
        Config section = root.getConfig(path);
        return new ComponentSpec(section.getString("type"), section, path);
    }

    /** A spec built in code (tests, benchmarks), with no file behind it. */
    public static ComponentSpec of(String type, Config params) {
        return new ComponentSpec(type, params.withValue("type", ConfigValueFactory.fromAnyRef(type)), "<code>");
    }

    /** A spec with only a type. */
    public static ComponentSpec of(String type) {
        return of(type, ConfigFactory.empty());
    }

    /** Where this section was written (file:line), for error messages. */
    public ConfigOrigin origin() {
        return params.origin();
    }

    /** The same spec with the given parameter defaults underneath the user's values. */
    public ComponentSpec withDefaults(Config defaults) {
        return new ComponentSpec(type, params.withFallback(defaults), path);
    }
}
