package io.dckd.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import io.dckd.core.train.MetricsLog;

/** {@code dckd} in a child JVM (for kills and signals), and waiting for its training to progress. */
final class ChildRuns {

    private ChildRuns() {}

    /** Starts {@code dckd ARGS} in {@code cwd} (where a native crash would leave hs_err_pid*.log), output to {@code log}. */
    static Process start(Path cwd, List<String> args, Path log) throws IOException {
        return new ProcessBuilder(command(args)).directory(cwd.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static List<String> command(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xss4m", "-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true",
                "-cp", System.getProperty("java.class.path"), Dckd.class.getName()));
        cmd.addAll(args);
        return cmd;
    }

    /** Starts {@code dckd ARGS} in {@code cwd} with its standard output and error in separate files. */
    static Process start(Path cwd, List<String> args, Path out, Path err) throws IOException {
        return new ProcessBuilder(command(args)).directory(cwd.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    }

    /**
     * The random source of a test that kills or signals a child at a drawn iteration: seeded from the system
     * property {@code seedProperty} (default: the clock), and the seed printed so that a failure can be replayed.
     */
    static Random replayableRandom(String test, String seedProperty) {
        long seed = Long.getLong(seedProperty, System.nanoTime());
        System.out.println(test + ": -D" + seedProperty + "=" + seed);
        return new Random(seed);
    }

    /** Polls the metrics file until a train record of iteration >= {@code iter} appears; returns the highest seen. */
    static long waitForIteration(Process child, Path metrics, int iter) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        long seen = 0;
        while (System.nanoTime() < deadline && child.isAlive()) {
            if (Files.exists(metrics)) {
                for (Map<String, Object> r : MetricsLog.read(metrics)) {
                    if ("train".equals(r.get("kind"))) {
                        seen = Math.max(seen, ((Double) r.get("iter")).longValue());
                    }
                }
                if (seen >= iter) {
                    return seen;
                }
            }
            Thread.sleep(2);
        }
        throw new AssertionError("the child never reached iteration " + iter + " (alive " + child.isAlive() + ", last seen " + seen + ")");
    }
}
