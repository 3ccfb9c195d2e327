package io.dckd.launcher.compare;

import com.typesafe.config.Config;
import io.dckd.core.config.ConfigProblem;
import io.dckd.core.config.RunConfig;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds and reads method files of {@code dckd compare}. A method is a HOCON fragment over the base
 * config: its {@code train.*_opt} sections replace the base's, anything else it sets (e.g.
 * {@code network_vq}, {@code network_g.feature_taps}) is merged over the base, and an optional
 * {@code label} names its table row. A name is looked up as: an existing file; then
 * {@code <home>/configs/methods/NAME[.conf]}; then {@code <home>/configs/NAME[.conf]} (so
 * {@code ablations/negatives-3} works). A user adds a method by writing such a file.
 */
public final class MethodFiles {

    private MethodFiles() {}

    /** One method: its id (the name given), table label and fragment (without {@code label}). */
    public record Method(String id, String label, Path file, Config fragment) {}

    /** Locates and parses {@code name}. */
    public static Method load(String name, Path home) {
        Path file = locate(name, home);
        Config c = RunConfig.parseFile(file);
        String label = c.hasPath("label") ? c.getString("label") : name;
        return new Method(name, label, file, c.withoutPath("label"));
    }

    /** The file of {@code name}; an unknown name is an error listing the bundled methods. */
    public static Path locate(String name, Path home) {
        Path p = Path.of(name);
        if (Files.isRegularFile(p)) {
            return p;
        }
        for (Path dir : List.of(home.resolve("configs/methods"), home.resolve("configs"))) {
            for (String candidate : List.of(name, name + ".conf")) {
                Path q = dir.resolve(candidate);
                if (Files.isRegularFile(q)) {
                    return q;
                }
            }
        }
        throw new ConfigProblem("method '" + name + "' is neither a file nor a bundled method; bundled: "
                + String.join(", ", bundled(home)) + " (and ablations/<name>)");
    }

    /** Names of the bundled methods. */
    public static List<String> bundled(Path home) {
        File[] files = home.resolve("configs/methods").toFile().listFiles((d, n) -> n.endsWith(".conf"));
        List<String> out = new ArrayList<>();
        if (files != null) {
            for (File f : files) {
                out.add(f.getName().replaceFirst("\\.conf$", ""));
            }
        }
        out.sort(null);
        return out;
    }

    /**
     * The user config of one method run: {@code method} over {@code base} without the base's
     * {@code train.*_opt} sections (the method decides the objective; everything else is shared).
     */
    public static Config apply(Config base, Method method) {
        Config stripped = base;
        if (base.hasPath("train")) {
            for (String key : base.getConfig("train").root().keySet()) {
                if (key.endsWith("_opt") && !key.equals("optim_g")) {
                    stripped = stripped.withoutPath("train." + key);
                }
            }
        }
        return method.fragment().withFallback(stripped);
    }
}
