package io.dckd.core.registry;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Map;

/**
 * What one started plugin offers: its extension instances per SPI and its own {@code reference.conf}.
 *
 * @param id plugin id
 * @param version plugin version
 * @param source the plugin jar
 * @param extensions extension instances keyed by SPI
 * @param reference the plugin's reference.conf (empty if none), loaded with the plugin's class loader
 * @param defaultProvider true if the plugin's names are registered without the {@code id:} prefix
 */
public record PluginContribution(String id, String version, String source, Map<Spi, List<Object>> extensions,
                                 Config reference, boolean defaultProvider) {

    /** The plugin as an origin. */
    public Origin origin() {
        return Origin.plugin(id, version, source);
    }
}
