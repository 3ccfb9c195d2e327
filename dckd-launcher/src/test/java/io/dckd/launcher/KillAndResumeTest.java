package io.dckd.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.dckd.core.io.SafeTensors;
import io.dckd.core.train.MetricsLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exact resume after a hard crash: {@code dckd train} runs in a child JVM that is killed with
 * SIGKILL ({@link Process#destroyForcibly()}) at a random iteration after its first checkpoint;
 * {@code dckd train --resume} then finishes the run, and its final weights (raw and EMA) and its
 * loss trajectory must match an uninterrupted run's to 1e-6. The kill point is drawn from
 * {@code -Ddckd.kill.seed} (default: the clock; printed, so a failure can be replayed).
 */
class KillAndResumeTest {

    static final int TOTAL = 16;

    @RegisterExtension
    static final TinyRun tiny = TinyRun.perClass();
    static final Random rnd = ChildRuns.replayableRandom("KillAndResumeTest", "dckd.kill.seed");

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void supervisedRunKilledWithSigkillResumesExactly() throws Exception {
        String[] sets = {"--set", "train.total_iter=" + TOTAL};
        killAndResume("sup", "", sets);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void distillationRunKilledWithSigkillResumesExactly() throws Exception {
        // the teacher: a short supervised run of the same tiny EDSR
        assertEquals(0, tiny.train("--set", "name=teacher", "--set", "train.total_iter=2").code());
        Path teacher = tiny.run("teacher").resolve("models/net_g_ema.safetensors");
        String[] sets = {"--set", "train.total_iter=" + TOTAL,
                "--set", "network_t { type = edsr-t, num_feat = 8, num_block = 1 }",
                "--set", "path.pretrain_network_t=\"" + teacher + "\"",
                "--set", "train.logits_opt { type = L1Loss, loss_weight = 0.5 }",
                "--set", "train.allow_weak_teacher=true"};
        killAndResume("kd", "distill", sets);
    }

    private void killAndResume(String name, String stage, String... sets) throws Exception {
        List<String> straight = new ArrayList<>(List.of(sets));
        straight.addAll(List.of("--set", "name=" + name + "-straight"));
        TinyRun.Result s = tiny.train(straight.toArray(String[]::new));
        assertEquals(0, s.code(), s.err());

        List<String> killed = new ArrayList<>(List.of(sets));
        killed.addAll(List.of("--set", "name=" + name + "-killed"));
        Path stageDir = tiny.run(name + "-killed").resolve(stage);
        int killAt = 3 + rnd.nextInt(TOTAL - 6); // after the first checkpoint (iteration 2), before the end
        Process child = ChildRuns.start(tiny.home, tiny.trainArgs(killed.toArray(String[]::new)), tiny.home.resolve(name + "-child.log"));
        long lastSeen = ChildRuns.waitForIteration(child, stageDir.resolve("metrics.jsonl"), killAt);
        assertTrue(child.isAlive(), "the child was still training when killed (last iteration seen " + lastSeen + ")");
        child.destroyForcibly();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, child.exitValue(), "killed by SIGKILL");
        System.out.println("KillAndResumeTest[" + name + "]: killed at iteration >= " + lastSeen + " (target " + killAt + ")");

        killed.add("--resume");
        TinyRun.Result r = tiny.train(killed.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        Matcher m = Pattern.compile("resumed from \\S+ at iteration (\\d+)").matcher(Files.readString(stageDir.resolve("train.log")));
        assertTrue(m.find(), "resume message in the log");
        int resumedAt = Integer.parseInt(m.group(1));
        assertTrue(resumedAt >= 2 && resumedAt <= lastSeen, "resumed at " + resumedAt + ", killed after " + lastSeen);
        System.out.println("KillAndResumeTest[" + name + "]: resumed from the checkpoint of iteration " + resumedAt);

        assertSameRun(tiny.run(name + "-straight").resolve(stage), stageDir);
    }

    /** Final weights (raw, EMA) within 1e-6 and every iteration's losses and lr logged once, equal to 1e-6. */
    static void assertSameRun(Path straightDir, Path stageDir) throws IOException {
        for (String file : List.of("net_g", "net_g_ema")) {
            assertWeightsEqual(straightDir.resolve("models/" + file + ".safetensors"), stageDir.resolve("models/" + file + ".safetensors"));
        }
        List<Map<String, Object>> a = trainRecords(straightDir);
        List<Map<String, Object>> b = trainRecords(stageDir);
        assertEquals(a.stream().map(x -> x.get("iter")).toList(), b.stream().map(x -> x.get("iter")).toList(),
                "every iteration logged once, none repeated or skipped");
        for (int i = 0; i < a.size(); i++) {
            for (String k : a.get(i).keySet()) {
                if (k.startsWith("l_") || k.equals("lr")) {
                    double x = (Double) a.get(i).get(k);
                    double y = (Double) b.get(i).get(k);
                    assertEquals(x, y, 1e-6 * Math.max(1, Math.abs(x)), "iteration " + a.get(i).get("iter") + " " + k);
                }
            }
        }
    }

    private static List<Map<String, Object>> trainRecords(Path dir) throws IOException {
        return MetricsLog.read(dir.resolve("metrics.jsonl")).stream().filter(r -> "train".equals(r.get("kind"))).toList();
    }

    private static void assertWeightsEqual(Path want, Path got) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> a = SafeTensors.read(m, want);
            Map<String, NDArray> b = SafeTensors.read(m, got);
            assertEquals(a.keySet(), b.keySet());
            for (String k : a.keySet()) {
                float diff = a.get(k).sub(b.get(k)).abs().max().getFloat();
                assertTrue(diff <= 1e-6f, got.getFileName() + " " + k + ": max |difference| " + diff);
            }
        }
    }
}
