package io.dckd.losses.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import io.dckd.core.config.ComponentOptions;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.losses.Reduction;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One loss section ({@code pixel_opt { type = L1Loss, ... }}) read by {@link ComponentOptions} over
 * the defaults its type declares in this module's {@code reference.conf} ({@code dckd.losses.<type>}).
 * Unknown keys fail with the key, its file:line and the
 * nearest valid key. Adds what loss terms share: section-name defaults and the term's log name.
 *
 * <p>Option precedence for {@code pred}, {@code target} and {@code name}: the user's section, then
 * the type's own non-null default, then the section-name default under {@code dckd.losses.sections}.
 */
public final class TermConfig {

    /** Root of this module's defaults. */
    public static final String ROOT = "dckd.losses";

    private final ComponentOptions options;
    private final Config sectionDefaults;

    private TermConfig(ComponentOptions options, Config sectionDefaults) {
        this.options = options;
        this.sectionDefaults = sectionDefaults;
    }

    /** Checks {@code spec}'s keys against {@code dckd.losses.<type>} and merges the defaults under it. */
    public static TermConfig of(ComponentSpec spec, String type) {
        Config reference = reference();
        // dckd.ranges.types.<type> is checked when a run loads; a section built in code may go past it
        // (GradientTest's eps = 0 makes the contrastive gradient exact)
        ComponentOptions options = ComponentOptions.ofType(reference, ROOT, type).withRanges(null).read(spec);
        String sectionPath = ROOT + ".sections." + sectionName(spec.path());
        Config sectionDefaults = reference.hasPath(sectionPath) ? reference.getConfig(sectionPath) : ConfigFactory.empty();
        return new TermConfig(options, sectionDefaults);
    }

    /** This module's {@code reference.conf}, loaded with this module's class loader. */
    public static Config reference() {
        return ComponentOptions.reference(TermConfig.class);
    }

    /** The last element of a section path: {@code train.pixel_opt} → {@code pixel_opt}. */
    public static String sectionName(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    /** The section name ({@code pixel_opt}), or {@code <code>} for a spec built in code. */
    public String section() {
        return sectionName(options.path());
    }

    /** The config path of the section, for messages. */
    public String path() {
        return options.path();
    }

    /** Where the section was written. */
    public ConfigOrigin origin() {
        return options.origin();
    }

    /** A number (user's value or default). */
    public double getDouble(String key) {
        return options.getDouble(key);
    }

    /** A string (user's value or default). */
    public String getString(String key) {
        return options.getString(key);
    }

    /** A list of numbers (a single number is a one-element list). */
    public double[] getDoubles(String key) {
        return options.getDoubles(key);
    }

    /** True when the user's section sets {@code key} (to a non-null value). */
    public boolean userSet(String key) {
        return options.userSet(key);
    }

    /** A string that is set (non-null) in the merged section. */
    public Optional<String> optString(String key) {
        return options.optString(key);
    }

    /**
     * {@code pred}, {@code target} or {@code name}: the user's value or the type's default, else
     * the default for this section name ({@code dckd.losses.sections.<section>.<key>}).
     */
    public Optional<String> resolved(String key) {
        Optional<String> own = optString(key);
        if (own.isPresent()) {
            return own;
        }
        return sectionDefaults.hasPath(key) ? Optional.of(sectionDefaults.getString(key)) : Optional.empty();
    }

    /** The log name: resolved {@code name}, else {@code l_<section without _opt>}, else {@code l_<type>}. */
    public String termName(String type) {
        return resolved("name").orElseGet(() -> {
            String s = section();
            return s.endsWith("_opt") && s.length() > 4
                    ? "l_" + s.substring(0, s.length() - 4)
                    : "l_" + type.toLowerCase(Locale.ROOT);
        });
    }

    /** A domain error at {@code key}'s file:line (or the section's when the key is a default). */
    public ConfigException bad(String key, String message) {
        return options.bad(key, message);
    }

    /** {@code reduction}: {@code mean} or {@code sum}. */
    public Reduction reduction() {
        return Reduction.of(oneOf("reduction", Reduction.NAMES));
    }

    /** Checks that {@code value} is one of {@code allowed}. */
    public String oneOf(String key, List<String> allowed) {
        return options.oneOf(key, allowed);
    }
}
