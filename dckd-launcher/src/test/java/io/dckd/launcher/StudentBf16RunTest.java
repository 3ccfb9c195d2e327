package io.dckd.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dckd.core.train.MetricsLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code precision.student = bf16} trains as well as fp32: the bundled {@code sr-x4-quick} (rcan-s, real
 * photographs), shortened to 450 iterations of 6 64x64 crops, run in both precisions from the same seed
 * and data order, ends within 0.1 dB of PSNR on the bundled validation photographs (the bar for
 * the full run, which the README reports).
 */
class StudentBf16RunTest {

    @TempDir
    static Path tmp;

    @Test
    void aBf16StudentEndsWithinATenthOfADecibelOfFp32() throws Exception {
        double fp32 = finalPsnr("fp32");
        double bf16 = finalPsnr("bf16");
        System.out.println("StudentBf16RunTest: fp32 " + fp32 + " dB, bf16 " + bf16 + " dB (raw weights)");
        assertTrue(fp32 > 25.2, "the fp32 run learned (bicubic is 25.07 dB): " + fp32);
        assertTrue(Math.abs(bf16 - fp32) < 0.1, "bf16 " + bf16 + " dB against fp32 " + fp32 + " dB");
    }

    @Test
    void aStudentNotCheckedInBf16IsRefusedBeforeTheRunDirectoryExists() {
        Path runs = tmp.resolve("refused");
        LauncherCall.Result r = LauncherCall.dckd(tmp.resolve("plugins"), "train", "-c", "deblur-quick", "--set", "path.experiments_root=" + runs,
                "--set", "precision.student=bf16");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("precision.student = bf16: the student (NAFNet) has not been checked"), r.err());
        assertTrue(!Files.exists(runs.resolve("deblur-quick")), "no run directory for a refused config");
    }

    private static double finalPsnr(String precision) throws Exception {
        String name = "sr-x4-" + precision;
        Path runs = tmp.resolve("runs");
        int code = LauncherCall.dckd(tmp.resolve("plugins"), "train", "-c", "sr-x4-quick", "--set", "name=" + name,
                "--set", "path.experiments_root=" + runs, "--set", "precision.student=" + precision,
                "--set", "train.total_iter=450", "--set", "train.scheduler.milestones=[300,400]", "--set", "val.val_freq=450",
                "--set", "logger.save_checkpoint_freq=450", "--set", "logger.print_freq=100",
                "--set", "datasets.train.gt_size=64", "--set", "datasets.train.batch_size_per_gpu=6").code();
        assertEquals(0, code, name);
        List<Map<String, Object>> val = MetricsLog.read(runs.resolve(name).resolve("metrics.jsonl")).stream()
                .filter(r -> "val".equals(r.get("kind")) && "raw".equals(r.get("weights"))).toList();
        assertEquals(450.0, val.get(val.size() - 1).get("iter"));
        return ((Number) val.get(val.size() - 1).get("psnr")).doubleValue();
    }
}
