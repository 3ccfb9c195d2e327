package io.dckd.core.pipeline;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a report states before its numbers, so a table read later still says where it came from:
 * the config (its file and {@code --set} overrides), the run name, the seed, the iterations, the
 * weights measured and the wall time. Rendered as a Markdown list and as a JSON-ready map.
 */
public final class RunFacts {

    private final Map<String, String> lines = new LinkedHashMap<>();

    private RunFacts() {}

    /** Config, run name and seed of {@code root} (a loaded run config). */
    public static RunFacts of(Config root) {
        RunFacts f = new RunFacts();
        f.add("config", configSource(root));
        f.add("run name", root.getString("name"));
        f.add("seed", "manual_seed " + root.getLong("manual_seed"));
        return f;
    }

    /** Adds (or replaces) one fact; returns this. */
    public RunFacts add(String label, String text) {
        lines.put(label, text);
        return this;
    }

    /**
     * Iterations and training wall time of the finished training stages among {@code stages}, from
     * their markers ({@code iterations}, {@code seconds}); a teacher given as weights says so.
     */
    public RunFacts stages(StageMarker markers, List<String> stages) {
        List<String> iterations = new ArrayList<>();
        List<String> seconds = new ArrayList<>();
        for (String stage : stages) {
            Optional<Map<String, Object>> m = markers.done(stage);
            if (m.isEmpty()) {
                continue;
            }
            if (m.get().get("iterations") instanceof Number n) {
                iterations.add(stage + " " + n.longValue());
            } else if (Boolean.FALSE.equals(m.get().get("trained"))) {
                iterations.add(stage + " (loaded, not trained here)");
            }
            if (m.get().get("seconds") instanceof Number s) {
                seconds.add(String.format(Locale.ROOT, "%s %.0f s", stage, s.doubleValue()));
            }
        }
        if (!iterations.isEmpty()) {
            add("iterations", String.join(", ", iterations));
        }
        if (!seconds.isEmpty()) {
            add("wall time", String.join(", ", seconds));
        }
        return this;
    }

    /** Appends {@code "<what> <seconds> s"} to the wall-time fact. */
    public RunFacts wallTime(String what, double seconds) {
        String one = String.format(Locale.ROOT, "%s %.1f s", what, seconds);
        lines.merge("wall time", one, (a, b) -> a + ", " + b);
        return this;
    }

    /** The weights files measured, by model: {@code model `path`}. */
    public RunFacts weights(Map<String, Path> files) {
        List<String> parts = new ArrayList<>();
        files.forEach((model, file) -> parts.add(model + " `" + file + "`"));
        return add("weights", String.join("; ", parts));
    }

    /** The facts as a Markdown list, one line each, then a blank line. */
    public String markdown() {
        StringBuilder sb = new StringBuilder();
        lines.forEach((k, v) -> sb.append("- ").append(k).append(": ").append(v).append('\n'));
        return sb.append('\n').toString();
    }

    /** The facts as a map (for JSON: plain text, without Markdown's code quotes). */
    public Map<String, Object> asMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        lines.forEach((k, v) -> out.put(k, v.replace("`", "")));
        return out;
    }

    /**
     * The config files the run's own keys came from (not the modules' {@code reference.conf}), named
     * by their stem with the path, and every {@code --set} override, e.g.
     * {@code dckd-sr-x4-quick (/x/configs/dckd-sr-x4-quick.conf), --set train.total_iter=60}.
     */
    static String configSource(Config root) {
        Set<String> files = new LinkedHashSet<>();
        Set<String> sets = new LinkedHashSet<>();
        for (Map.Entry<String, ConfigValue> e : root.withoutPath("dckd").entrySet()) {
            ConfigOrigin o = e.getValue().origin();
            if (o.filename() != null && !o.filename().endsWith("reference.conf")) {
                files.add(o.filename());
            } else if (o.description() != null && o.description().startsWith("--set ")) {
                sets.add(o.description().replaceFirst(":? *\\d+$", "").replaceFirst(" @ .*$", ""));
            }
        }
        List<String> parts = new ArrayList<>();
        for (String f : files) {
            String stem = Path.of(f).getFileName().toString().replaceFirst("\\.conf$", "");
            parts.add(stem + " (" + f + ")");
        }
        parts.addAll(sets);
        return parts.isEmpty() ? "defaults only" : String.join(", ", parts);
    }
}
