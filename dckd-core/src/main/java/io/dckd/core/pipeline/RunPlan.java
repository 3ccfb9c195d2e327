package io.dckd.core.pipeline;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.dckd.core.train.RunLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What {@code dckd train} does with the run directory it is pointed at, decided before anything in
 * it is touched (the caller holds its lock):
 * <ul>
 *   <li>no earlier progress (missing, empty, or a failed attempt without a checkpoint or a finished
 *       stage): {@link Action#START} there; {@code --resume} is refused, there is nothing to resume;</li>
 *   <li>{@code --restart}: {@link Action#RESTART}, the earlier run is archived;</li>
 *   <li>a config that differs from the run's {@code config.conf}: refused, naming the changed keys,
 *       unless {@code --resume} (continue with the new config; evaluation and export run again);</li>
 *   <li>every stage finished with what the config asks: {@link Action#FINISHED}, nothing runs;</li>
 *   <li>otherwise {@link Action#CONTINUE}: finished stages are skipped, the interrupted one resumes
 *       from its last checkpoint (with the same config that is what a fresh start would compute).</li>
 * </ul>
 */
public record RunPlan(Action action, ConfigChange change) {

    /** What to do. */
    public enum Action { START, RESTART, CONTINUE, FINISHED }

    /** A re-run that would do something other than asked: the launcher exits with 2 and this message. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    /** The refusal of {@code --resume} on {@code dir}, which holds nothing to resume. */
    public static Refused nothingToResume(Path dir) {
        return new Refused("--resume: nothing to resume in " + dir.toAbsolutePath()
                + " (no checkpoint and no finished stage); run without --resume to start it");
    }

    /** Decides for the run config {@code root} in {@code dir} (which exists: the caller's lock is in it). */
    public static RunPlan decide(Path dir, Config root, boolean resume, boolean restart) throws IOException {
        if (resume && restart) {
            throw new Refused("--resume continues the run in " + dir + " and --restart archives it: give one of them");
        }
        ConfigChange none = new ConfigChange(List.of());
        if (!hasProgress(dir)) {
            if (resume) {
                throw nothingToResume(dir);
            }
            return new RunPlan(Action.START, none);
        }
        if (restart) {
            return new RunPlan(Action.RESTART, none);
        }
        ConfigChange change = ConfigChange.between(stored(dir), root);
        if (!change.isEmpty() && !resume) {
            throw new Refused("the run in " + dir.toAbsolutePath() + " was made with another config; changed:\n" + change.describe()
                    + "use --resume to continue it with the new config, --restart to archive it and start over,"
                    + " or --set name=... for a new run");
        }
        if (!change.isEmpty()) {
            return new RunPlan(Action.CONTINUE, change);
        }
        return new RunPlan(Pipeline.finishedEarlier(root, dir) ? Action.FINISHED : Action.CONTINUE, change);
    }

    /**
     * Before a {@link Action#CONTINUE} with a changed config: the report and the export are made again
     * with it (e.g. {@code export.weights} changed on a finished run); finished training stages stay skipped.
     */
    public static void forgetOutputs(Path dir) {
        StageMarker markers = new StageMarker(dir);
        markers.forget("evaluate");
        markers.forget("export");
    }

    /** True when {@code dir} holds a finished stage or a checkpoint (of the run or of one of its stages). */
    static boolean hasProgress(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.walk(dir, 3)) {
            return s.anyMatch(p -> {
                String n = p.getFileName().toString();
                String parent = p.getParent() == null ? "" : p.getParent().getFileName().toString();
                return (parent.equals("stages") && n.endsWith(".done")) || (parent.equals("checkpoints") && n.matches("iter_\\d{8}"));
            });
        }
    }

    /** The config the run was made with; an empty config when it has none (so every key shows as changed). */
    private static Config stored(Path dir) throws IOException {
        Path f = dir.resolve("config.conf");
        if (!Files.isRegularFile(f)) {
            return ConfigFactory.empty();
        }
        try {
            return ConfigFactory.parseString(Files.readString(f));
        } catch (ConfigException e) {
            throw new Refused(f + " cannot be read (" + e.getMessage() + "): use --resume to continue the run with the"
                    + " config given now, or --restart to archive it and start over");
        }
    }

    /** Removes what a failed attempt left in {@code dir} (logs, a partial config), keeping the lock. */
    public static boolean clearLeftovers(Path dir) throws IOException {
        boolean any = false;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir) && !p.equals(dir.resolve(RunLock.FILE))) {
                    Files.delete(p);
                    any = true;
                }
            }
        }
        return any;
    }
}
