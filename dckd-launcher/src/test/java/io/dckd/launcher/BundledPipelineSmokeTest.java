package io.dckd.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each bundled CPU distillation config runs every stage (teacher, codebook, distill, evaluate,
 * export) for a few iterations on the bundled photographs. Config checks cover keys and ranges, but
 * only a step shows that the parts agree with each other: {@code dckd-sr-x4-cpu}'s three-level
 * {@code vq-cpu} encoder once met ContrasLoss's default five level weights at the first distillation
 * step, after 20 minutes of teacher and codebook training.
 */
class BundledPipelineSmokeTest {

    @TempDir
    Path runs;

    @TempDir
    Path plugins;

    @ParameterizedTest
    @ValueSource(strings = {"dckd-sr-x4-cpu", "dckd-sr-x4-anchors"})
    void everyStageRunsAFewIterations(String config) throws Exception {
        CompareFlowTest.installDckdPlugin(plugins);
        LauncherCall.Result r = LauncherCall.dckd(plugins, "train", "-c", config,
                "--set", "path.experiments_root=" + runs,
                "--set", "train_teacher.total_iter=2", "--set", "train_teacher.scheduler.milestones=[1]",
                "--set", "network_vq.pretrain.total_iter=3", "--set", "network_vq.pretrain.warmup_iter=1",
                "--set", "train.total_iter=3", "--set", "train.scheduler.milestones=[2]",
                "--set", "train.allow_weak_teacher=true");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isRegularFile(runs.resolve(config).resolve("export/student.safetensors")), r.out() + r.err());
    }
}
