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

    /**
     * One method: its id (the bundled name given, or a method file's name without {@code .conf}; it names
     * the folder {@code methods/<id>/} of its runs), table label and fragment (without {@code label}).
     */
    public record Method(String id, String label, Path file, Config fragment) {}

    /** Locates and parses {@code name}. */
    public static Method load(String name, Path home) {
        Path file = locate(name, home);
        Config c = RunConfig.parseFile(file);
        String id = id(name);
        String label = c.hasPath("label") ? c.getString("label") : id;
        return new Method(id, label, file, c.withoutPath("label"));
    }

    /**
     * The id of the method given as {@code name}: a bundled name as it is ({@code dckd},
     * {@code ablations/negatives-3}); a file path by its file name ({@code /x/my_method.conf} ->
     * {@code my_method}), so that its runs stay inside the comparison folder.
     */
    static String id(String name) {
        Path p = Path.of(name);
        if (!Files.isRegularFile(p)) {
            return name;
        }
        return p.getFileName().toString().replaceFirst("\\.conf$", "");
    }

    /** {@code methods}, checked to have distinct ids (two files of one name would share a run folder). */
    public static List<Method> distinct(List<Method> methods) {
        java.util.Map<String, Path> seen = new java.util.HashMap<>();
        for (Method m : methods) {
            Path before = seen.putIfAbsent(m.id(), m.file());
            if (before != null) {
                throw new ConfigProblem("methods " + before + " and " + m.file() + " share the id '" + m.id()
                        + "' (the folder methods/" + m.id() + "/ of their runs): rename one of the files");
            }
        }
        return methods;
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
        for (String key : baseTerms(base)) {
            stripped = stripped.withoutPath(key);
        }
        return method.fragment().withFallback(stripped);
    }

    /**
     * The base's loss-term sections ({@code train.*_opt} but {@code optim_g}) that {@link #apply} drops,
     * as paths: settings in them (e.g. {@code train.ce_opt.tau}) do not reach any method.
     */
    public static List<String> baseTerms(Config base) {
        List<String> out = new ArrayList<>();
        if (base.hasPath("train")) {
            for (String key : base.getConfig("train").root().keySet()) {
                if (key.endsWith("_opt") && !key.equals("optim_g")) {
                    out.add("train." + key);
                }
            }
        }
        out.sort(null);
        return out;
    }
}
