package io.dckd.backbones.common;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import io.dckd.core.spi.ComponentSpec;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Named architecture configurations ({@code rcan-s}, {@code swinir-m}, ...) declared in
 * {@code reference.conf} under {@code dckd.presets { <name> { type = ..., ...options } }}.
 * A spec whose {@code type} is a preset name becomes a spec of the preset's type, with the user's
 * own keys (e.g. {@code upscale}) over the preset's.
 */
public final class Presets {

    private Presets() {}

    private static Config presets() {
        Config ref = ConfigFactory.defaultReference(Presets.class.getClassLoader());
        return ref.hasPath("dckd.presets") ? ref.getConfig("dckd.presets") : ConfigFactory.empty();
    }

    /** Every preset name. */
    public static Set<String> names() {
        return new TreeSet<>(presets().root().keySet());
    }

    /** The architecture type of preset {@code name}, if it is one. */
    public static Optional<String> typeOf(String name) {
        Config p = presets();
        String path = ConfigUtil.quoteString(name);
        return p.hasPath(path) ? Optional.of(p.getConfig(path).getString("type")) : Optional.empty();
    }

    /** {@code spec} with a preset type expanded; other specs are returned unchanged. */
    public static ComponentSpec resolve(ComponentSpec spec) {
        Config p = presets();
        String path = ConfigUtil.quoteString(spec.type());
        if (!p.hasPath(path)) {
            return spec;
        }
        Config preset = p.getConfig(path);
        Config merged = spec.params().withoutPath("type").withFallback(preset);
        return new ComponentSpec(preset.getString("type"), merged, spec.path());
    }
}
