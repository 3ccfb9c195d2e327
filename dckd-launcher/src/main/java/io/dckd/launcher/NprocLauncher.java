package io.dckd.launcher;

import io.dckd.core.train.StopRequest;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * {@code dckd train --nproc N}: starts N ranks of the same {@code dckd train} (one JVM each, as
 * {@code torchrun --nproc-per-node N} does), waits for them and returns non-zero when any failed. It
 * trains nothing itself. Each rank is this JVM's command (same java, same options, same arguments)
 * with the c10d jars added to the class path and its rank, N and the rendezvous port as system
 * properties ({@link RankProcess}). Rank 0 writes to this process's standard output and error; rank
 * r &gt; 0 to {@code rank<r>.log} in a temporary folder (named at start, kept when a rank failed).
 * When a rank fails, the others are stopped (SIGTERM, then SIGKILL after {@link #GRACE_SECONDS}); a
 * stop signal to this process reaches every rank.
 */
public final class NprocLauncher {

    /** How long a rank may take to stop after SIGTERM before it is killed. */
    static final int GRACE_SECONDS = 20;

    /** The service file by which the c10d jars are recognised. */
    static final String BACKEND_SERVICE = "META-INF/services/io.dckd.core.parallel.DataParallelBackend";

    private final int nproc;
    private final Path c10dDir;
    private final List<String> args;
    private final PrintWriter err;

    /**
     * @param nproc number of ranks
     * @param c10dDir the folder with dckd-c10d's jars ({@code <home>/lib/c10d} unless {@code --c10d-dir})
     * @param args the command line of this process ({@code train ... --nproc N ...}), given to every rank
     * @param err where to report
     */
    public NprocLauncher(int nproc, Path c10dDir, List<String> args, PrintWriter err) {
        this.nproc = nproc;
        this.c10dDir = c10dDir;
        this.args = List.copyOf(args);
        this.err = err;
    }

    /** The jars to add for the backend (none when it is on the class path already); a {@link Dckd.UsageException} when absent. */
    List<Path> backendJars() {
        if (ClassLoader.getSystemResource(BACKEND_SERVICE) != null) {
            return List.of();
        }
        List<Path> jars = new ArrayList<>();
        if (Files.isDirectory(c10dDir)) {
            try (Stream<Path> s = Files.list(c10dDir)) {
                s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().forEach(jars::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + c10dDir + ": " + e.getMessage(), e);
            }
        }
        if (jars.stream().noneMatch(NprocLauncher::hasBackend)) {
            throw new Dckd.UsageException("--nproc needs the optional data-parallel module dckd-c10d (PyTorch c10d/Gloo, about 104 MB"
                    + " of natives, not in the default distribution), and " + c10dDir.toAbsolutePath() + " holds no dckd-c10d jar."
                    + " Build it from the source tree (linux-x86_64, needs g++) with: mvn -B -ntp -pl dckd-plugins/c10d -am -DskipTests package,"
                    + " then copy dckd-plugins/c10d/target/c10d/*.jar into <dckd home>/lib/c10d/ or pass --c10d-dir dckd-plugins/c10d/target/c10d"
                    + " (scripts/c10d-install.sh does both steps)");
        }
        return jars;
    }

    private static boolean hasBackend(Path jar) {
        try (JarFile j = new JarFile(jar.toFile())) {
            return j.getEntry(BACKEND_SERVICE) != null;
        } catch (IOException e) {
            return false;
        }
    }

    /** Starts the ranks and waits for them; returns rank 0's exit code when it failed, else the first failed rank's, else 0. */
    public int run() throws IOException, InterruptedException {
        List<Path> extra = backendJars();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path logs = Files.createTempDirectory("dckd-nproc-");
        err.println("dckd: data parallel: " + nproc + " ranks on 127.0.0.1:" + port + " (c10d/Gloo); rank 0 prints here, the others"
                + (nproc > 1 ? " write " + logs.resolve("rank<r>.log") : " none"));
        List<Process> ranks = new ArrayList<>();
        Thread cleanup = new Thread(() -> ranks.forEach(Process::destroyForcibly), "dckd-nproc-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        for (int r = 0; r < nproc; r++) {
            ProcessBuilder pb = new ProcessBuilder(command(r, port, extra));
            pb.environment().remove("PYTORCH_LIBRARY_PATH"); // the ranks run on c10d's libtorch
            if (r == 0) {
                pb.inheritIO();
            } else {
                pb.redirectErrorStream(true).redirectOutput(logs.resolve("rank" + r + ".log").toFile());
            }
            ranks.add(pb.start());
        }
        int failed = waitFor(ranks);
        Runtime.getRuntime().removeShutdownHook(cleanup);
        if (failed < 0) {
            try (Stream<Path> s = Files.list(logs)) {
                for (Path p : s.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(logs);
            return 0;
        }
        for (int r = 1; r < nproc; r++) {
            int code = ranks.get(r).exitValue();
            if (code != 0 && StopRequest.pending() == null) {
                List<String> lines = Files.readAllLines(logs.resolve("rank" + r + ".log"));
                err.println("dckd: rank " + r + " exited with " + code + "; the end of " + logs.resolve("rank" + r + ".log") + ":");
                String prefix = "  [rank " + r + "] ";
                lines.subList(Math.max(0, lines.size() - 8), lines.size()).forEach(l -> err.println(prefix + l));
            }
        }
        int code0 = ranks.get(0).exitValue();
        return code0 != 0 ? code0 : ranks.get(failed).exitValue();
    }

    /** Waits until every rank has exited; stops the others at the first failure or a stop signal. Returns the first failed rank, or -1. */
    private int waitFor(List<Process> ranks) throws InterruptedException {
        int failed = -1;
        long killAt = Long.MAX_VALUE;
        boolean forwarded = false;
        boolean aborted = false;
        while (ranks.stream().anyMatch(Process::isAlive)) {
            if (failed < 0) {
                for (int r = 0; r < ranks.size(); r++) {
                    Process p = ranks.get(r);
                    if (!p.isAlive() && p.exitValue() != 0) {
                        failed = r;
                        if (!forwarded) {
                            err.println("dckd: rank " + r + " exited with " + p.exitValue() + "; stopping the other ranks");
                        }
                        stopAll(ranks);
                        killAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(GRACE_SECONDS);
                        break;
                    }
                }
            }
            if (StopRequest.pending() != null && !forwarded) {
                forwarded = true;  // Ctrl-C reaches the ranks from the terminal too; a SIGTERM to this process only reaches it
                stopAll(ranks);
            }
            if (StopRequest.aborting() && !aborted) {
                aborted = true;
                stopAll(ranks);
                killAt = Math.min(killAt, System.nanoTime() + TimeUnit.SECONDS.toNanos(GRACE_SECONDS));
            }
            if (System.nanoTime() > killAt) {
                err.println("dckd: ranks still running " + GRACE_SECONDS + " s after SIGTERM; killing them");
                ranks.forEach(Process::destroyForcibly);
                killAt = Long.MAX_VALUE;
            }
            ranks.stream().filter(Process::isAlive).findFirst().ifPresent(p -> {
                try {
                    p.waitFor(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        if (failed < 0) {
            for (int r = 0; r < ranks.size(); r++) {
                if (ranks.get(r).exitValue() != 0) {
                    return r;
                }
            }
        }
        return failed;
    }

    private static void stopAll(List<Process> ranks) {
        ranks.stream().filter(Process::isAlive).forEach(Process::destroy);
    }

    /** The command line of rank {@code r}: this JVM's java, options and class path (plus {@code extra}), main class and arguments. */
    private List<String> command(int r, int port, List<Path> extra) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // the module path becomes class path below; a rank's own properties are set below
            boolean modulePath = a.startsWith("-Djdk.module.") || a.startsWith("--module-path") || a.startsWith("--add-modules");
            if (!modulePath && !a.startsWith("-Ddckd.rank=") && !a.startsWith("-Ddckd.world_size=") && !a.startsWith("-Ddckd.master_port=")) {
                cmd.add(a);
            }
        }
        List<String> cp = new ArrayList<>();
        for (String key : List.of("java.class.path", "jdk.module.path")) {
            String v = System.getProperty(key, "");
            if (!v.isEmpty()) {
                cp.add(v);  // a launcher on the module path: its modules go on the ranks' class path (dckd-c10d has no module descriptor)
            }
        }
        extra.forEach(j -> cp.add(j.toAbsolutePath().toString()));
        cmd.addAll(List.of("-cp", String.join(File.pathSeparator, cp),
                "-Ddckd.rank=" + r, "-Ddckd.world_size=" + nproc, "-Ddckd.master_port=" + port,
                Dckd.class.getName()));
        cmd.addAll(args);
        return cmd;
    }
}
