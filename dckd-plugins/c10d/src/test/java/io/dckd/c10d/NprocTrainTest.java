package io.dckd.c10d;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dckd train --nproc N} end to end: the launcher in a child JVM starts the ranks (JVMs of their
 * own) on a tiny EDSR config (edsr-t, 8 features, 1 block, 32 px patches, one thread).
 */
class NprocTrainTest {

    /** The sample photographs of the launcher. */
    private static final Path SAMPLE = Path.of("../../dckd-launcher/src/dist/data/sample");

    @TempDir
    static Path home;

    @BeforeAll
    static void layOut() throws IOException {
        Files.createDirectories(home.resolve("data/train"));
        Files.createDirectories(home.resolve("data/val"));
        Files.createDirectories(home.resolve("plugins"));
        for (String n : List.of("astronaut", "brick", "camera")) {
            Files.copy(SAMPLE.resolve("train/" + n + ".png"), home.resolve("data/train/" + n + ".png"));
        }
        // the validation set is a training photograph: validation is not what is tested here
        Files.copy(SAMPLE.resolve("train/camera.png"), home.resolve("data/val/camera.png"));
        Files.writeString(home.resolve("tiny.conf"), String.join("\n",
                "name = tiny", "scale = 4", "manual_seed = 3", "num_threads = 1",
                "network_g { type = edsr-t, num_feat = 8, num_block = 1 }",
                "path.experiments_root = \"" + home.resolve("runs") + "\"",
                "datasets {",
                "  train { type = SingleImageDataset, dataroot_gt = \"" + home.resolve("data/train") + "\", gt_size = 32, batch_size_per_gpu = 2, num_worker_per_gpu = 1 }",
                "  val { name = val, type = SingleImageDataset, dataroot_gt = \"" + home.resolve("data/val") + "\" }",
                "}",
                "train { total_iter = 5, optim_g { type = Adam, lr = 1e-3 }, scheduler { milestones = [4], gamma = 0.5 }, pixel_opt { type = L1Loss } }",
                "val { val_freq = 1000, also_raw = false }",
                "logger { print_freq = 1, save_checkpoint_freq = 2, keep_last = 2 }") + "\n");
    }

    @Test
    void twoRanksOfBatchTwoTrainAsOneProcessOfBatchFourAndResumeWithAnotherCount() throws Exception {
        // 2 ranks x 2 samples, 5 steps
        assertEquals(0, dckd("two", "train", "--nproc", "2", "--set", "name=two"), () -> log("two"));
        // 1 rank x 4 samples, 5 steps (on the same libtorch: c10d's)
        assertEquals(0, dckd("one", "train", "--nproc", "1", "--set", "name=one", "--set", "datasets.train.batch_size_per_gpu=4"),
                () -> log("one"));
        // 2 ranks x 2 samples for 3 steps, then resumed as 1 rank x 4 samples to 5
        assertEquals(0, dckd("mixed-a", "train", "--nproc", "2", "--set", "name=mixed", "--set", "train.total_iter=3"),
                () -> log("mixed-a"));
        assertEquals(0, dckd("mixed-b", "train", "--nproc", "1", "--resume", "--set", "name=mixed",
                "--set", "datasets.train.batch_size_per_gpu=4"), () -> log("mixed-b"));
        assertTrue(log("mixed-b").contains("resumed from"), log("mixed-b"));

        float[] two = weights("two");
        float[] one = weights("one");
        float[] mixed = weights("mixed");
        double d2 = maxDiff(two, one);
        double dm = maxDiff(mixed, one);
        System.out.printf("after 5 steps: |--nproc 2 x B2 - --nproc 1 x B4| max %.3g; resumed 2 -> 1 ranks: max %.3g%n", d2, dm);
        assertTrue(d2 <= 1e-5, "2 ranks x batch 2 vs 1 process x batch 4: max |diff| " + d2);
        assertTrue(dm <= 1e-5, "3 steps on 2 ranks + 2 on 1 rank vs 5 on 1 rank: max |diff| " + dm);
        // the EMA (decay 0.999) stays next to the start: the raw weights moved away from it
        assertTrue(maxDiff(two, floats(home.resolve("runs/two/models/net_g_ema.safetensors"))) > 1e-4, "the weights did not move");
        // one writer: one train.log whose iteration lines appear once each
        long lines = Files.readAllLines(home.resolve("runs/two/train.log")).stream().filter(l -> l.contains("[iter 3]")).count();
        assertEquals(1, lines, "rank 1 wrote into the run directory's train.log");
        assertTrue(Files.readString(home.resolve("runs/two/train.log")).contains("data parallel: rank 0 of 2, 2 samples per rank, effective batch 4"));
    }

    @Test
    void aRankKilledMidRunStopsTheLauncherCleanly() throws Exception {
        Process launcher = start("kill", "train", "--nproc", "2", "--set", "name=kill", "--set", "train.total_iter=100000",
                "--group-timeout", "60");
        Path metrics = home.resolve("runs/kill/metrics.jsonl");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!(Files.exists(metrics) && Files.readString(metrics).contains("\"iter\":2")) && launcher.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(launcher.isAlive(), () -> "the launcher ended early: " + log("kill"));
        List<ProcessHandle> ranks = launcher.descendants().filter(p -> commandLine(p).contains("-Ddckd.rank=")).toList();
        assertEquals(2, ranks.size(), () -> launcher.descendants().map(p -> p.pid() + " " + commandLine(p)).toList().toString());
        ProcessHandle rank1 = ranks.stream().filter(p -> commandLine(p).contains("-Ddckd.rank=1")).findFirst().orElseThrow();
        long t0 = System.nanoTime();
        rank1.destroyForcibly();
        assertTrue(launcher.waitFor(90, TimeUnit.SECONDS), "the launcher still runs 90 s after rank 1 was killed");
        double secs = (System.nanoTime() - t0) / 1e9;
        String out = log("kill");
        System.out.printf("launcher exit %d, %.1f s after rank 1 was killed; its last lines:%n%s%n", launcher.exitValue(), secs,
                String.join("\n", out.lines().toList().subList(Math.max(0, (int) out.lines().count() - 6), (int) out.lines().count())));
        assertNotEquals(0, launcher.exitValue(), out);
        assertTrue(out.contains("dckd: rank 1 exited with 137"), out);
        assertFalse(out.contains("A fatal error has been detected"), out);
        for (ProcessHandle r : ranks) {
            assertTrue(r.onExit().get(10, TimeUnit.SECONDS) != null && !r.isAlive(), "rank " + r.pid() + " still runs");
        }
    }

    @Test
    void aDistillationConfigIsRefused() throws Exception {
        Path conf = home.resolve("dckd.conf");
        Files.writeString(conf, "include \"" + home.resolve("tiny.conf") + "\"\nname = dckd\nnetwork_t { type = edsr-t, num_feat = 8, num_block = 1 }\n"
                + "train { logits_opt { type = L1Loss } }\n");
        Process p = new ProcessBuilder(command(List.of("train", "-c", conf.toString(), "--nproc", "2", "--home", home.toString(),
                "--plugins-dir", home.resolve("plugins").toString()))).redirectErrorStream(true)
                .redirectOutput(home.resolve("refused.log").toFile()).start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS));
        String out = log("refused");
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.contains("--nproc trains supervised configs only"), out);
        assertFalse(Files.exists(home.resolve("runs/dckd/train.log")), out);
    }

    /** The command line of a process, from /proc (ProcessHandle.Info may leave it out). */
    private static String commandLine(ProcessHandle p) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline"))).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    private int dckd(String logName, String... args) throws Exception {
        Process p = start(logName, args);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), () -> "dckd " + String.join(" ", args) + " still runs after 300 s");
        return p.exitValue();
    }

    private Process start(String logName, String... args) throws IOException {
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of("-c", home.resolve("tiny.conf").toString(), "--home", home.toString(), "--plugins-dir", home.resolve("plugins").toString()));
        ProcessBuilder pb = new ProcessBuilder(command(a)).redirectErrorStream(true).redirectOutput(home.resolve(logName + ".log").toFile());
        pb.environment().remove("PYTORCH_LIBRARY_PATH");
        pb.environment().put("OPT_OUT_TRACKING", "true");
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }

    private static List<String> command(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xss4m", "-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true", "-cp", System.getProperty("java.class.path"),
                "io.dckd.launcher.Dckd"));
        cmd.addAll(args);
        return cmd;
    }

    private static String log(String name) {
        try {
            return Files.readString(home.resolve(name + ".log"));
        } catch (IOException e) {
            return "(no log " + name + ")";
        }
    }

    /** The float32 data of a safetensors file written by dckd (every tensor float32), in file order. */
    private static float[] weights(String run) throws IOException {
        return floats(home.resolve("runs/" + run + "/models/net_g.safetensors"));
    }

    private static float[] floats(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        long header = b.getLong();
        b.position((int) (8 + header));
        float[] f = new float[b.remaining() / 4];
        b.asFloatBuffer().get(f);
        return f;
    }

    private static double maxDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length, "different numbers of weights");
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
