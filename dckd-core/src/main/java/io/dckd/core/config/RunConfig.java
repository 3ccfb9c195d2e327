package io.dckd.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Loads a run configuration: {@code --set} overrides over the user's HOCON file over
 * {@code dckd.defaults.run}, resolved, with every key checked against the defaults tree.
 *
 * <p>Sections owned by components ({@code network_*}, {@code task}, {@code datasets.*},
 * {@code train.*_opt}, {@code train.optim_g}, {@code train.scheduler}, {@code val.metrics.*}) are
 * not checked here: their components check them against their own declared keys.
 */
public final class RunConfig {

    /** Where the defaults of a run live in the merged reference config. */
    public static final String DEFAULTS = "dckd.defaults.run";

    /** Sections checked by their owners rather than by the defaults tree. */
    public static final Set<String> OPEN_SECTIONS = Set.of(
            "network_g", "network_t", "network_h", "network_vq", "task", "datasets.*", "*_opt",
            "train.optim_g", "train.scheduler", "val.metrics", "dckd", "path", "train.negative_sampler",
            "train.history", "train.noisy", "train.methods", "stages", "codebook", "evaluate", "export", "train_teacher", "bench");

    /** Where warnings go when the caller names no sink: standard error, as the launcher prints them. */
    public static final Consumer<String> STDERR = w -> System.err.println("dckd: warning: " + w);

    private RunConfig() {}

    /** The run defaults of dckd-core's {@code reference.conf} ({@code dckd.defaults.run}), resolved: the declared keys of each run section. */
    public static Config defaults() {
        return DefaultsHolder.RUN;
    }

    /** Loaded once, on first use. */
    private static final class DefaultsHolder {
        static final Config RUN = ConfigFactory.parseResources(RunConfig.class, "/reference.conf").resolve().getConfig(DEFAULTS);
    }

    /**
     * Loads the run config.
     *
     * @param file the user's file (a path) — see {@link #locate} for bundled names
     * @param overrides {@code key=value} strings from {@code --set}, later ones win
     * @param reference all reference.conf files merged (built-ins and plugins), unresolved
     */
    public static Config load(Path file, List<String> overrides, Config reference) {
        return load(file, overrides, reference, STDERR);
    }

    /** As {@link #load(Path, List, Config)}, with warnings (includes that find nothing) sent to {@code warnings}. */
    public static Config load(Path file, List<String> overrides, Config reference, Consumer<String> warnings) {
        return load(parseFile(file, warnings), overrides, reference);
    }

    /**
     * Loads a run config from an already parsed user config (e.g. a method file over a base config,
     * as {@code dckd compare} builds them); otherwise as {@link #load(Path, List, Config)}.
     */
    public static Config load(Config user, List<String> overrides, Config reference) {
        try {
            Config sets = parseOverrides(overrides);
            Config merged = sets.withFallback(user);
            Config resolvedReference = reference.resolve();
            Config template = resolvedReference.getConfig(DEFAULTS);
            KeyCheck.requireKnownTree(merged.withoutPath("dckd"), template, OPEN_SECTIONS);
            Config full = merged.withFallback(template).withFallback(reference);
            Config run;
            try {
                run = full.resolve(ConfigResolveOptions.defaults().setAllowUnresolved(false));
            } catch (ConfigException.UnresolvedSubstitution e) {
                throw new ConfigProblem(e.origin(), e.getMessage());
            }
            FiniteNumbers.require(run.root());
            RunName.require(run);
            ExportWeights.require(run);
            ExportFormats.require(run);
            Precision.require(run);
            OptionRanges.of(resolvedReference).check(run);
            return run;
        } catch (StackOverflowError e) {
            throw new ConfigProblem(describe(user) + ": nested too deeply to merge and resolve (limit " + NestingDepth.LIMIT + " levels)");
        }
    }

    private static String describe(Config user) {
        return user.origin() == null ? "the config" : user.origin().description();
    }

    /** Parses a HOCON file strictly (missing file and syntax errors name the file and line); warnings to standard error. */
    public static Config parseFile(Path file) {
        return parseFile(file, STDERR);
    }

    /**
     * Parses a HOCON file strictly: a missing file, a syntax error, a missing required include or
     * nesting beyond {@link NestingDepth#LIMIT} name the file and line; an include that finds
     * nothing is reported to {@code warnings} (see {@link IncludeScan}).
     */
    public static Config parseFile(Path file, Consumer<String> warnings) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigProblem("config file not found: " + file.toAbsolutePath());
        }
        IncludeScan.scan(file, warnings);
        try {
            return ConfigFactory.parseFile(file.toFile(),
                    ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false));
        } catch (StackOverflowError e) {
            throw new ConfigProblem(file + ": nested too deeply to parse (limit " + NestingDepth.LIMIT + " levels)");
        }
    }

    /** Parses {@code key=value} overrides; each value is HOCON (numbers, lists, strings). */
    public static Config parseOverrides(List<String> overrides) {
        Config out = ConfigFactory.empty();
        for (String kv : overrides) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new ConfigProblem("--set needs key=value, got '" + kv + "'");
            }
            NestingDepth.require(kv, "--set " + kv);
            Config one = ConfigFactory.parseString(kv.substring(0, eq).trim() + " = " + kv.substring(eq + 1),
                    ConfigParseOptions.defaults().setOriginDescription("--set " + kv));
            out = one.withFallback(out);
        }
        return out;
    }

    /**
     * Finds a config by path or bundled name: an existing file wins; otherwise {@code NAME} or
     * {@code NAME.conf} under {@code <home>/configs}.
     */
    public static Path locate(String nameOrPath, Path home) {
        Path p = Path.of(nameOrPath);
        if (Files.isRegularFile(p)) {
            return p;
        }
        for (String candidate : List.of(nameOrPath, nameOrPath + ".conf")) {
            Path q = home.resolve("configs").resolve(candidate);
            if (Files.isRegularFile(q)) {
                return q;
            }
        }
        List<String> bundled = bundledNames(home);
        throw new ConfigProblem("config '" + nameOrPath + "' is neither a file nor a bundled config"
                + (bundled.isEmpty() ? "" : "; bundled: " + String.join(", ", bundled)));
    }

    /** Names of the configs shipped under {@code <home>/configs}. */
    public static List<String> bundledNames(Path home) {
        File[] files = home.resolve("configs").toFile().listFiles((d, n) -> n.endsWith(".conf"));
        if (files == null) {
            return List.of();
        }
        return Arrays.stream(files).map(f -> f.getName().replaceFirst("\\.conf$", "")).sorted().toList();
    }

    /** The resolved run section (without framework settings), rendered as HOCON for the run directory. */
    public static String render(Config run) {
        return run.withoutPath("dckd").root().render(ConfigRenderOptions.defaults().setOriginComments(false).setJson(false));
    }
}
