package io.dckd.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import io.dckd.core.spi.ComponentSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How {@link ComponentOptions} reads sections: the defaults, what else they may hold, and the
 * ranges of their numbers. Immutable: each option returns a new reader.
 */
public final class OptionsReader {

    private final Config defaults;
    private final Set<String> extra;
    private final Set<String> open;
    private final ConfigObject ranges;

    OptionsReader(Config defaults, Set<String> extra, Set<String> open, ConfigObject ranges) {
        this.defaults = defaults;
        this.extra = extra;
        this.open = open;
        this.ranges = ranges;
    }

    /** Also accepts these top-level keys, which have no default (e.g. {@code type}). */
    public OptionsReader allowing(String... keys) {
        return new OptionsReader(defaults, union(extra, keys), open, ranges);
    }

    /** Does not check the keys under these relative paths (sections their own owners check). */
    public OptionsReader leavingOpen(String... paths) {
        return new OptionsReader(defaults, extra, union(open, paths), ranges);
    }

    /**
     * Checks numbers against {@code ranges}: range specs by key, mirroring the section
     * ({@code { num_feat = "int >= 1", pretrain { lr = "number > 0" } }}); null for none.
     */
    public OptionsReader withRanges(ConfigObject ranges) {
        return new OptionsReader(defaults, extra, open, ranges);
    }

    /** The defaults sections are read over. */
    public Config defaults() {
        return defaults;
    }

    /** Reads a component's section ({@code type} is always allowed); messages use its path. */
    public ComponentOptions read(ComponentSpec spec) {
        return allowing("type").read(spec.params(), spec.path());
    }

    /**
     * Reads {@code section} (the user's values, origins intact) over the defaults.
     *
     * @param path the section's config path, for messages (e.g. {@code datasets.train})
     * @throws ConfigProblem for an unknown key or a number out of range
     */
    public ComponentOptions read(Config section, String path) {
        KeyCheck.requireKnownSection(section, defaults, path, extra, open, section.origin());
        ComponentOptions options = new ComponentOptions(section, defaults, path);
        if (ranges != null) {
            OptionRanges.byPath(options.merged().root(), ranges, path + ".");
        }
        return options;
    }

    private static Set<String> union(Set<String> a, String... b) {
        Set<String> out = new HashSet<>(a);
        out.addAll(List.of(b));
        return Set.copyOf(out);
    }
}
