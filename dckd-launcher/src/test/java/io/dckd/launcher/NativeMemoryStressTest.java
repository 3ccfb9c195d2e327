package io.dckd.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training must never read memory that the JVM has freed. Runs a tiny DCKD pipeline (a supervised
 * teacher stage, then a distillation stage with the pixel, logits, label-consistency, contrastive and
 * codebook terms; a SwinIR student, whose attention gathers its relative-position bias with an index
 * tensor that autograd keeps for backward) twice in child JVMs: once quietly, once under
 * {@link ChurnedDckd} (the collector running every few milliseconds, direct buffers allocated and
 * dropped without pause, busy threads competing for the cores). Both children run with glibc's
 * {@code MALLOC_PERTURB_}, which overwrites every block the moment it is freed, so a tensor that was
 * freed before its backward pass shows up as different weights (or a crash) instead of by luck.
 * The weights of both stages must be bit-identical and neither child may crash.
 *
 * <p>Before {@link io.dckd.core.nn.TorchOwned}, the SwinIR bias index lived in a Java direct buffer
 * that the forward pass's scope released before backward.
 */
class NativeMemoryStressTest {

    @TempDir
    static Path home;

    @BeforeAll
    static void setUp() throws Exception {
        new TinyRun(home);
        CompareFlowTest.installDckdPlugin(home.resolve("plugins"));
        Files.writeString(home.resolve("stress.conf"), String.join("\n",
                "scale = 2",
                "manual_seed = 7",
                "num_threads = 1",
                "network_t { type = rcan-s, num_feat = 8, num_group = 1, num_block = 1, squeeze_factor = 4 }",
                "network_g { type = SwinIR, img_size = 16, window_size = 4, embed_dim = 12, depths = [2], num_heads = [2],"
                        + " mlp_ratio = 2, upsampler = pixelshuffle, drop_path_rate = 0.0 }",
                "network_vq { type = DMM, encoder = vq-tiny, random_init = true }",
                "path.experiments_root = \"" + home.resolve("runs") + "\"",
                "datasets {",
                "  train { type = SingleImageDataset, dataroot_gt = \"" + home.resolve("data/train") + "\", gt_size = 32,"
                        + " batch_size_per_gpu = 2, num_worker_per_gpu = 1 }",
                "  val { name = val, type = SingleImageDataset, dataroot_gt = \"" + home.resolve("data/val") + "\" }",
                "}",
                "train_teacher { total_iter = 3, optim_g { type = Adam, lr = 1e-3 }, pixel_opt { type = L1Loss } }",
                "train {",
                "  total_iter = 4",
                "  optim_g { type = Adam, lr = 1e-3 }",
                "  scheduler { milestones = [100], gamma = 0.5 }",
                "  pixel_opt { type = L1Loss }",
                "  logits_opt { type = L1Loss }",
                "  lcr_opt { type = L1Loss }",
                "  noisy { prob = 0.5 }",
                "  cl_opt { type = ContrasLoss, loss_weight = 0.1 }",
                "  ce_opt { type = CELoss, loss_weight = 0.001 }",
                "  negative_sampler { type = DNSG, num_neg = 2 }",
                "  history { step = [2] }",
                "  allow_weak_teacher = true",
                "}",
                "val { val_freq = 1000, also_raw = false }",
                "logger { print_freq = 1, save_checkpoint_freq = 1000, progress = lines }",
                ""));
    }

    @Test
    void weightsAreBitIdenticalUnderGarbageCollectionChurnAndCpuContention() throws Exception {
        Path quiet = train("quiet", Dckd.class.getName());
        Path churned = train("churned", ChurnedDckd.class.getName(), "2");
        for (String weights : List.of("teacher/models/net_g.safetensors", "distill/checkpoints/iter_00000004/net_g.safetensors")) {
            assertEquals(sha256(quiet.resolve(weights)), sha256(churned.resolve(weights)),
                    weights + ": the run under churn must give the same bits as the quiet run");
        }
    }

    /** Runs the pipeline as {@code name} in a child JVM started at {@code main}; returns its run directory. */
    private static Path train(String name, String main, String... mainArgs) throws Exception {
        Path dir = Files.createDirectories(home.resolve("jvm-" + name));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xss4m", "-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true", "-XX:MaxDirectMemorySize=256m",
                "-XX:ErrorFile=" + dir.resolve("hs_err_pid%p.log"), "-cp", System.getProperty("java.class.path"), main));
        cmd.addAll(List.of(mainArgs));
        cmd.addAll(List.of("train", "-c", home.resolve("stress.conf").toString(), "--set", "name=" + name,
                "--home", home.toString(), "--plugins-dir", home.resolve("plugins").toString()));
        Path log = dir.resolve("out.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        // glibc fills every freed block with this byte at once: reading freed memory can no longer go unnoticed
        pb.environment().put("MALLOC_PERTURB_", "165");
        Process p = pb.start();
        boolean done = p.waitFor(300, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor();
        }
        String out = Files.readString(log);
        assertTrue(done, name + " run did not finish in 300 s:\n" + out);
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> crashes = files.filter(f -> f.getFileName().toString().startsWith("hs_err")).toList();
            assertTrue(crashes.isEmpty(), name + " run crashed in native code: " + crashes + "\n" + tail(crashes));
        }
        assertEquals(0, p.exitValue(), name + " run failed:\n" + out);
        return home.resolve("runs").resolve(name);
    }

    private static String tail(List<Path> crashes) throws IOException {
        if (crashes.isEmpty()) {
            return "";
        }
        List<String> lines = Files.readAllLines(crashes.get(0));
        return String.join("\n", lines.subList(0, Math.min(40, lines.size())));
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
