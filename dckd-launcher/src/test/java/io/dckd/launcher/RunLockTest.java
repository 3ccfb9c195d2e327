package io.dckd.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dckd.core.train.MetricsLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One process per run directory: a second {@code dckd train} on a directory in use stops at once
 * (exit 2, naming the directory and the PID that holds it) without writing anything there, and a
 * holder killed with SIGKILL leaves no stale lock.
 */
class RunLockTest {

    @TempDir
    Path home;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aSecondTrainingOnTheSameRunDirectoryStopsWithExit2AndKillDashNineLeavesNoStaleLock() throws Exception {
        TinyRun tiny = new TinyRun(home);
        Process first = ChildRuns.start(home, tiny.trainArgs("--set", "name=shared", "--set", "train.total_iter=100000"),
                home.resolve("first.log"));
        Path metrics = tiny.run("shared").resolve("metrics.jsonl");
        ChildRuns.waitForIteration(first, metrics, 2);
        long linesBefore = MetricsLog.read(metrics).size();

        TinyRun.Result second = tiny.train("--set", "name=shared", "--set", "train.total_iter=4");
        assertEquals(2, second.code(), second.err());
        assertTrue(second.err().contains("is in use by process " + first.pid()), second.err());
        assertTrue(second.err().contains(tiny.run("shared").toAbsolutePath().toString()), second.err());
        assertTrue(first.isAlive(), "the first run goes on");
        try (var s = Files.list(home.resolve("runs"))) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().contains("archived")), "the running run was not moved away");
        }
        assertTrue(MetricsLog.read(metrics).size() >= linesBefore);

        first.destroyForcibly();
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        TinyRun.Result after = tiny.train("--set", "name=shared", "--set", "train.total_iter=4", "--resume");
        assertTrue(!after.err().contains("in use"), "no stale lock after kill -9: " + after.err());
    }
}
