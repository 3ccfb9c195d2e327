package io.dckd.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dckd.core.train.CheckpointStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Ctrl-C and {@code kill}: {@code dckd train} in a child JVM receives SIGINT or SIGTERM at a
 * random iteration (seeded by {@code -Ddckd.signal.seed}, printed for replay). It must finish the
 * step in flight, write a checkpoint of that iteration, exit with 130 / 143 and the message
 * "resume with --resume", leave no {@code hs_err_pid*.log} (a native crash), and {@code --resume}
 * must end with the weights of an uninterrupted run. A second SIGINT must stop at once, still
 * without a native crash.
 */
class SignalStopTest {

    // far more iterations than the signal needs to land, even on a loaded machine (14 left too little room once)
    static final int TOTAL = 40;

    @RegisterExtension
    static final TinyRun tiny = TinyRun.perClass();
    static Random rnd;

    @BeforeAll
    static void setUp() throws Exception {
        rnd = ChildRuns.replayableRandom("SignalStopTest", "dckd.signal.seed");
        // checkpoints only at the end: a checkpoint at the stop iteration can only come from the signal
        TinyRun.Result r = tiny.train("--set", "name=straight", "--set", "train.total_iter=" + TOTAL,
                "--set", "logger.save_checkpoint_freq=1000");
        assertEquals(0, r.code(), r.err());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void sigintWritesACheckpointExits130AndResumesExactly() throws Exception {
        stopAndResume("INT", 130);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void sigtermWritesACheckpointExits143AndResumesExactly() throws Exception {
        stopAndResume("TERM", 143);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aSecondSigintStopsAtOnceWithoutANativeCrash() throws Exception {
        Path dir = tiny.home.resolve("twice");
        Files.createDirectories(dir);
        String name = "twice";
        Process child = startChild(dir, "--set", "name=" + name, "--set", "train.total_iter=100000",
                "--set", "logger.save_checkpoint_freq=1000");
        ChildRuns.waitForIteration(child, tiny.run(name).resolve("metrics.jsonl"), 2 + rnd.nextInt(4));
        signal(child, "INT");
        signal(child, "INT");
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child stopped after a second SIGINT");
        String out = Files.readString(dir.resolve("child.log"));
        assertEquals(130, child.exitValue(), out);
        assertTrue(out.contains("again: stopping at once"), out);
        assertNoCrashLog(dir, out);
    }

    private void stopAndResume(String sig, int code) throws Exception {
        String name = "sig" + sig.toLowerCase();
        Path dir = tiny.home.resolve(name);
        Files.createDirectories(dir);
        int stopAt = 2 + rnd.nextInt(8);
        String[] sets = {"--set", "name=" + name, "--set", "train.total_iter=" + TOTAL, "--set", "logger.save_checkpoint_freq=1000"};
        Process child = startChild(dir, sets);
        long seen = ChildRuns.waitForIteration(child, tiny.run(name).resolve("metrics.jsonl"), stopAt);
        signal(child, sig);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child stopped after SIG" + sig);
        String out = Files.readString(dir.resolve("child.log"));
        assertEquals(code, child.exitValue(), out);
        assertTrue(out.contains("stopped by SIG" + sig + " after iteration"), out);
        assertTrue(out.contains("resume with --resume"), out);
        assertNoCrashLog(dir, out);
        var latest = new CheckpointStore(tiny.run(name).resolve("checkpoints"), 2).latest();
        assertTrue(latest.isPresent(), "a checkpoint was written on the signal: " + out);
        long at = latest.get().iter();
        assertTrue(at >= seen && at < TOTAL, "checkpoint of iteration " + at + ", signal after iteration " + seen);
        System.out.println("SignalStopTest[" + sig + "]: signal after iteration " + seen + ", checkpoint of iteration " + at);

        List<String> resume = new ArrayList<>(List.of(sets));
        resume.add("--resume");
        TinyRun.Result r = tiny.train(resume.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        KillAndResumeTest.assertSameRun(tiny.run("straight"), tiny.run(name));
    }

    private static void assertNoCrashLog(Path dir, String out) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> crashes = s.filter(p -> p.getFileName().toString().startsWith("hs_err")).toList();
            assertTrue(crashes.isEmpty(), "native crash: " + crashes + "\n" + out);
        }
        assertFalse(out.contains("SIGSEGV") || out.contains("A fatal error has been detected"), out);
    }

    private static void signal(Process p, String sig) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
    }

    /** A child JVM running the tiny training in {@code cwd} (where a crash would leave hs_err_pid*.log). */
    private static Process startChild(Path cwd, String... sets) throws IOException {
        return ChildRuns.start(cwd, tiny.trainArgs(sets), cwd.resolve("child.log"));
    }
}
