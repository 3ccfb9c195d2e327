package io.dckd.core.registry;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValueFactory;
import io.dckd.core.spi.ComponentSpec;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Named backbone configurations ({@code rcan-s}, {@code nafnet-s}, ...) that the modules providing
 * backbone factories declare in their {@code reference.conf} under
 * {@code dckd.presets { <name> { type = <Arch>, ...options } }}. A spec whose {@code type} names a
 * preset becomes a spec of the preset's architecture, the preset's options under the user's own.
 * The one preset resolver of the application ({@link Components#resolvePreset} delegates here).
 */
public final class Presets {

    /** Where presets live in the merged reference configuration. */
    public static final String PATH = "dckd.presets";

    private final Config table;

    private Presets(Config table) {
        this.table = table;
    }

    /** Presets from a table of {@code name { type = ..., ... }} entries. */
    public static Presets of(Config table) {
        return new Presets(table);
    }

    /** The {@code dckd.presets} table of the reference configuration visible to {@code loader}. */
    public static Presets fromReference(ClassLoader loader) {
        Config ref = ConfigFactory.defaultReference(loader);
        return new Presets(ref.hasPath(PATH) ? ref.getConfig(PATH) : ConfigFactory.empty());
    }

    /** Every preset name, sorted. */
    public Set<String> names() {
        return new TreeSet<>(table.root().keySet());
    }

    /** Whether {@code name} is a preset. */
    public boolean contains(String name) {
        return table.root().containsKey(name);
    }

    /** The preset's options ({@code type} included). */
    public Config preset(String name) {
        return table.getConfig(ConfigUtil.quoteString(name));
    }

    /** The architecture of preset {@code name}, if it is one. */
    public Optional<String> typeOf(String name) {
        return contains(name) ? Optional.of(preset(name).getString("type")) : Optional.empty();
    }

    /**
     * {@code spec} with a preset expanded: the preset's options become defaults under the user's
     * values, its {@code type} the architecture, and a {@code preset} key records the name (factories
     * ignore it). Other specs pass unchanged.
     */
    public ComponentSpec resolve(ComponentSpec spec) {
        if (!contains(spec.type())) {
            return spec;
        }
        Config preset = preset(spec.type());
        String arch = preset.getString("type");
        Config merged = spec.params().withoutPath("type").withFallback(preset)
                .withValue("type", ConfigValueFactory.fromAnyRef(arch, "preset " + spec.type()))
                .withValue("preset", ConfigValueFactory.fromAnyRef(spec.type(), "preset " + spec.type()));
        return new ComponentSpec(arch, merged, spec.path());
    }
}
