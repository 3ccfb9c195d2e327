package io.dckd.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code precision.frozen = bf16} through the whole distill stage: every DCKD input (teacher, label
 * consistency, negatives through the history model, encoder targets), history refreshes, checkpoints
 * with the fp32 history master, and a resume that re-casts the history copy from the loaded master.
 */
class FrozenPrecisionFlowTest {

    @RegisterExtension
    static final TinyRun tiny = TinyRun.perClass();

    @BeforeAll
    static void installPlugin() throws Exception {
        CompareFlowTest.installDckdPlugin(tiny.home.resolve("plugins"));
    }

    private static String[] distill(int totalIter, String... more) {
        Path teacher = tiny.run("teacher").resolve("models/net_g_ema.safetensors");
        List<String> a = new ArrayList<>(List.of("--set", "name=bf16", "--set", "train.total_iter=" + totalIter,
                "--set", "precision.frozen=bf16",
                "--set", "network_t { type = edsr-t, num_feat = 8, num_block = 1 }",
                "--set", "path.pretrain_network_t=\"" + teacher + "\"",
                "--set", "network_vq { type = DMM, encoder = vq-tiny, random_init = true }",
                "--set", "train.logits_opt { type = L1Loss, loss_weight = 0.5 }",
                "--set", "train.lcr_opt { type = L1Loss, loss_weight = 0.5 }",
                "--set", "train.cl_opt { type = ContrasLoss, loss_weight = 0.1 }",
                "--set", "train.ce_opt { type = CELoss, loss_weight = 0.001 }",
                "--set", "train.negative_sampler { type = DNSG, num_neg = 2 }",
                "--set", "train.history { step = [2] }",
                "--set", "train.allow_weak_teacher=true"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aDckdRunWithBf16FrozenNetworksTrainsCheckpointsAndResumes() throws Exception {
        assertEquals(0, tiny.train("--set", "name=teacher", "--set", "train.total_iter=2").code());
        TinyRun.Result first = tiny.train(distill(4));
        assertEquals(0, first.code(), first.err());
        Path log = tiny.run("bf16").resolve("distill/train.log");
        String logs;
        try (var files = Files.walk(tiny.run("bf16"))) {
            logs = files.filter(f -> f.toString().endsWith(".log")).map(f -> f + ": " + read(f)).reduce("", String::concat);
        }
        assertTrue(logs.contains("compute in bf16"), logs);
        TinyRun.Result resumed = tiny.train(distill(6, "--resume"));
        assertEquals(0, resumed.code(), resumed.err());
        String text = Files.readString(log);
        assertTrue(text.contains("resumed from") && text.contains("at iteration 4"), text);
        String metrics = Files.readString(tiny.run("bf16").resolve("distill/metrics.jsonl"));
        assertTrue(metrics.contains("\"iter\":6") && metrics.contains("\"l_cl\"") && !metrics.contains("NaN"), metrics);
    }
}
