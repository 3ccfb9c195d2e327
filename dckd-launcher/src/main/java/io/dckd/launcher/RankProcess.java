package io.dckd.launcher;

import io.dckd.core.io.FileTrees;
import io.dckd.core.parallel.DataParallelBackend;
import io.dckd.core.parallel.GradientAllReduce;
import io.dckd.core.train.RunLock;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ServiceLoader;

/**
 * This process as one rank of {@code dckd train --nproc N} ({@link NprocLauncher} starts it with the
 * system properties {@code dckd.rank}, {@code dckd.world_size} and {@code dckd.master_port}): the backend is prepared before DJL's engine loads, then the rank
 * joins the group. Rank 0 owns the run directory; every other rank trains in a private copy of it
 * (taken after rank 0 has decided what to do with it, deleted at exit), so it runs the same code at
 * the same pace and writes nothing into the run directory.
 */
public final class RankProcess {

    private static DataParallelBackend backend;

    private RankProcess() {}

    /** True when this process is a rank started by {@code dckd train --nproc}. */
    public static boolean isRank() {
        return System.getProperty("dckd.rank") != null;
    }

    /**
     * For a rank: loads the backend (before any DJL call) and exits with the launcher. A no-op in
     * every other process.
     */
    static void prepare() {
        if (!isRank()) {
            return;
        }
        backend = ServiceLoader.load(DataParallelBackend.class).findFirst().orElseThrow(() -> new IllegalStateException(
                "dckd.rank is set but no data-parallel backend (dckd-c10d) is on the class path"));
        backend.prepare();
        // a launcher killed with SIGKILL cannot stop its ranks: they notice and leave
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
            System.err.println("dckd: rank " + System.getProperty("dckd.rank") + ": the launcher (pid " + parent.pid() + ") is gone; exiting");
            Runtime.getRuntime().halt(3);
        }));
    }

    /**
     * Joins the group of this rank ({@link GradientAllReduce#single()} outside {@code --nproc});
     * {@code timeout} bounds the rendezvous and every collective.
     */
    public static GradientAllReduce join(Duration timeout) {
        if (!isRank()) {
            return GradientAllReduce.single();
        }
        if (backend == null) {
            throw new IllegalStateException("RankProcess.prepare() did not run before the first DJL call");
        }
        return backend.join(System.getProperty("dckd.master_addr", "127.0.0.1"), Integer.getInteger("dckd.master_port"),
                Integer.getInteger("dckd.rank"), Integer.getInteger("dckd.world_size"), timeout);
    }

    /**
     * A private copy of the run directory {@code dir} (without its lock file; an empty folder when
     * {@code dir} does not exist) for a rank other than 0; returns the folder that holds it under
     * {@code dir}'s name. Call after rank 0 has passed its plan (archive, leftovers), i.e. after a barrier.
     */
    public static Path privateCopy(Path dir, int rank) throws IOException {
        Path experiments = Files.createTempDirectory("dckd-rank" + rank + "-");
        Path copy = experiments.resolve(dir.getFileName().toString());
        if (Files.isDirectory(dir)) {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                    Files.createDirectories(copy.resolve(dir.relativize(d).toString()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                    if (!f.getFileName().toString().equals(RunLock.FILE)) {
                        Files.copy(f, copy.resolve(dir.relativize(f).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        return experiments;
    }

    /** Deletes a folder made by {@link #privateCopy}; a failure is only reported. */
    public static void deletePrivateCopy(Path experiments) {
        try {
            FileTrees.delete(experiments);
        } catch (IOException | RuntimeException e) {
            System.err.println("dckd: could not delete the rank's private run folder " + experiments + ": " + e.getMessage());
        }
    }
}
