package io.dckd.core.pipeline;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import io.dckd.core.config.RunConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What differs between the resolved config a run directory was trained with ({@code config.conf})
 * and the one asked for now, key by key. Both sides go through {@link RunConfig#render} and back, so
 * only real differences show (not number formats or origins).
 */
public record ConfigChange(List<Entry> entries) {

    /** Lines shown before the rest is counted. */
    private static final int SHOWN = 20;

    /** One key whose value differs; {@code before} or {@code now} is {@code (absent)} for a key only one side has. */
    public record Entry(String key, String before, String now) {}

    /**
     * The difference from {@code before} (a parsed {@code config.conf}) to the run config {@code now}.
     * A key that {@code before} lacks and {@code now} holds at its default ({@code dckd.defaults.run},
     * when {@code now} carries it) is not a change: a newer dckd declared it, the run did not set it.
     */
    public static ConfigChange between(Config before, Config now) {
        Map<String, String> a = leaves(before);
        Map<String, String> b = leaves(ConfigFactory.parseString(RunConfig.render(now)));
        Map<String, String> defaults = now.hasPath(RunConfig.DEFAULTS) ? leaves(now.getConfig(RunConfig.DEFAULTS)) : Map.of();
        List<Entry> out = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String k : keys) {
            String x = a.getOrDefault(k, "(absent)");
            String y = b.getOrDefault(k, "(absent)");
            boolean newDefault = !a.containsKey(k) && y.equals(defaults.get(k));
            if (!x.equals(y) && !newDefault) {
                out.add(new Entry(k, x, y));
            }
        }
        return new ConfigChange(List.copyOf(out));
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** One line per changed key, {@code key: old -> new}. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries.subList(0, Math.min(SHOWN, entries.size()))) {
            sb.append("  ").append(e.key()).append(": ").append(e.before()).append(" -> ").append(e.now()).append('\n');
        }
        if (entries.size() > SHOWN) {
            sb.append("  ... and ").append(entries.size() - SHOWN).append(" more\n");
        }
        return sb.toString();
    }

    private static Map<String, String> leaves(Config c) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : c.withoutPath("dckd").entrySet()) {
            out.put(e.getKey(), e.getValue().render(ConfigRenderOptions.concise()));
        }
        return out;
    }
}
