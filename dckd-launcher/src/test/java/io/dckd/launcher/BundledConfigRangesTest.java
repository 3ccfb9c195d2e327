package io.dckd.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.dckd.core.config.ConfigProblem;
import io.dckd.core.config.NumberRange;
import io.dckd.core.config.OptionRanges;
import io.dckd.core.config.RunConfig;
import io.dckd.launcher.compare.MethodFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every numeric option that a module declares a default for has a range in {@code dckd.ranges} (so
 * no option escapes the check), every default and every preset lies in its range, and every bundled
 * config, method and ablation loads under those ranges without an include warning.
 */
class BundledConfigRangesTest {

    static final Path HOME = Path.of("src/dist");

    /** Where each module's defaults live → where their ranges live. */
    static final Map<String, String> DEFAULTS_TO_RANGES = new LinkedHashMap<>();

    static {
        DEFAULTS_TO_RANGES.put("dckd.defaults.run", "dckd.ranges.run");
        DEFAULTS_TO_RANGES.put("dckd.tasks.datasets.train", "dckd.ranges.run.datasets.\"*\"");
        DEFAULTS_TO_RANGES.put("dckd.tasks.datasets.val", "dckd.ranges.run.datasets.\"*\"");
        DEFAULTS_TO_RANGES.put("dckd.tasks.metrics", "dckd.ranges.run.val.metrics.\"*\"");
        DEFAULTS_TO_RANGES.put("dckd.tasks.*", "dckd.ranges.types.*");
        DEFAULTS_TO_RANGES.put("dckd.losses.*", "dckd.ranges.types.*");
        DEFAULTS_TO_RANGES.put("dckd.backbones.defaults.*", "dckd.ranges.types.*");
        DEFAULTS_TO_RANGES.put("dckd.backbones.*", "dckd.ranges.types.*");
        DEFAULTS_TO_RANGES.put("dckd.plugins.fsrcnn.defaults", "dckd.ranges.types.FSRCNN");
        DEFAULTS_TO_RANGES.put("dckd.plugins.dckd.*", "dckd.ranges.types.*");
    }

    static Config reference() {
        return ConfigFactory.parseResourcesAnySyntax(BundledConfigRangesTest.class.getClassLoader(), "reference.conf")
                .withFallback(ConfigFactory.parseMap(Map.of("dckd.home", "."))).resolve();
    }

    @Test
    void everyNumericDefaultHasARangeAndLiesInIt() {
        Config ref = reference();
        List<String> numeric = new ArrayList<>();
        collect(ref.getConfig("dckd").root(), "dckd", numeric);
        assertTrue(numeric.size() > 120, "numeric defaults found: " + numeric.size());
        List<String> missing = new ArrayList<>();
        for (String path : numeric) {
            String range = rangePath(path);
            if (range == null || !ref.hasPath(range) || ref.getValue(range).valueType() != ConfigValueType.STRING) {
                missing.add(path + " (range expected at " + range + ")");
                continue;
            }
            NumberRange.parse(ref.getString(range)).check(path, ref.getValue(path));
        }
        assertEquals(List.of(), missing, "numeric options without a declared range");
    }

    @Test
    void everyPresetLiesInTheRangesOfItsType() {
        Config ref = reference();
        OptionRanges ranges = OptionRanges.of(ref);
        for (Map.Entry<String, ConfigValue> p : ref.getConfig("dckd.presets").root().entrySet()) {
            ranges.check(ConfigFactory.empty().withValue(ConfigUtil.quoteString(p.getKey()), p.getValue()));
        }
    }

    @Test
    void everyBundledConfigMethodAndAblationLoadsWithoutWarnings() throws Exception {
        Config ref = reference();
        List<String> warnings = new ArrayList<>();
        int loaded = 0;
        try (Stream<Path> s = Files.list(HOME.resolve("configs"))) {
            for (Path p : s.filter(p -> p.toString().endsWith(".conf")).sorted().toList()) {
                load(() -> RunConfig.load(p, List.of(), ref, warnings::add), p);
                loaded++;
            }
        }
        Config base = RunConfig.parseFile(HOME.resolve("configs/dckd-sr-x4-quick.conf"), warnings::add);
        for (String dir : List.of("methods", "ablations")) {
            try (Stream<Path> s = Files.list(HOME.resolve("configs").resolve(dir))) {
                for (Path p : s.filter(p -> p.toString().endsWith(".conf")).sorted().toList()) {
                    Config fragment = RunConfig.parseFile(p, warnings::add).withoutPath("label");
                    MethodFiles.Method m = new MethodFiles.Method(p.toString(), p.toString(), p, fragment);
                    load(() -> RunConfig.load(MethodFiles.apply(base, m), List.of(), ref), p);
                    loaded++;
                }
            }
        }
        assertTrue(loaded >= 35, "configs, methods and ablations loaded: " + loaded);
        assertEquals(List.of(), warnings);
    }

    private static void load(Runnable r, Path what) {
        try {
            r.run();
        } catch (ConfigProblem e) {
            fail(what + ": " + e.getMessage(), e);
        }
    }

    private static String rangePath(String path) {
        for (Map.Entry<String, String> e : DEFAULTS_TO_RANGES.entrySet()) {
            String from = e.getKey();
            String to = e.getValue();
            if (from.endsWith(".*")) {
                String prefix = from.substring(0, from.length() - 1);
                if (path.startsWith(prefix)) {
                    String rest = path.substring(prefix.length());
                    return to.substring(0, to.length() - 1) + rest;
                }
            } else if (path.startsWith(from + ".")) {
                return to + path.substring(from.length());
            }
        }
        return null;
    }

    /** Paths of numbers and lists of numbers, outside the ranges and presets themselves. */
    private static void collect(ConfigObject o, String prefix, List<String> out) {
        for (Map.Entry<String, ConfigValue> e : o.entrySet()) {
            String path = prefix + "." + ConfigUtil.quoteString(e.getKey()).replaceAll("^\"([A-Za-z0-9_-]+)\"$", "$1");
            if (path.equals("dckd.ranges") || path.equals("dckd.presets")) {
                continue;
            }
            ConfigValue v = e.getValue();
            if (v instanceof ConfigObject child) {
                collect(child, path, out);
            } else if (v.valueType() == ConfigValueType.NUMBER
                    || (v instanceof ConfigList l && !l.isEmpty() && l.get(0).valueType() == ConfigValueType.NUMBER)) {
                out.add(path);
            }
        }
    }
}
