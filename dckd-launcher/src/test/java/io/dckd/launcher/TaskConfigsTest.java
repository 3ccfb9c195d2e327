package io.dckd.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dckd.core.train.MetricsLog;
import io.dckd.launcher.report.EvalCrops;
import io.dckd.tasks.io.ImageFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bundled {@code deblur-quick}, {@code derain-quick} and {@code denoise-quick} configs, as shipped
 * (home = src/dist: its configs and photographs), train from the launcher for 3 iterations with the
 * backbone narrowed, and {@code dckd eval} reports the network next to the degraded-input baseline.
 */
class TaskConfigsTest {

    @TempDir
    static Path tmp;

    /** Runs {@code dckd} with the bundled home (src/dist) and an empty plugins folder. */
    static int run(String... args) {
        return LauncherCall.dckd(tmp.resolve("plugins"), args).code();
    }

    /**
     * @param baselineLow, baselineHigh the range of the baseline's mean PSNR (dB) on the two bundled
     *     validation photographs: the degraded input itself (e.g. ~20.9 dB for sigma-25 noise)
     */
    @ParameterizedTest
    @CsvSource({"deblur, 22, 40", "derain, 12, 30", "denoise, 19.5, 22.5"})
    void bundledConfigTrainsAndEvalReportsModelAndBaseline(String task, double baselineLow, double baselineHigh) throws Exception {
        String name = task + "-quick";
        Path runs = tmp.resolve("runs");
        String[] sets = {"--set", "path.experiments_root=" + runs, "--set", "train.total_iter=3", "--set", "val.val_freq=3",
                "--set", "num_threads=1", "--set", "logger.print_freq=1", "--set", "network_g.width=4", "--set", "network_g.enc_blk_nums=[1,1,1,1]",
                "--set", "datasets.train.gt_size=32", "--set", "datasets.train.batch_size_per_gpu=2"};
        String[] train = concat(new String[] {"train", "-c", name}, sets);
        assertEquals(0, run(train), name + " trains");
        Path dir = runs.resolve(name);
        List<Map<String, Object>> recs = MetricsLog.read(dir.resolve("metrics.jsonl"));
        assertEquals(3, recs.stream().filter(r -> "train".equals(r.get("kind"))).count());

        Path json = tmp.resolve(name + ".json");
        String[] eval = concat(new String[] {"eval", "-c", name, "--weights", dir.resolve("models/net_g_ema.safetensors").toString(),
                "--json", json.toString(), "--crops", "1"}, sets);
        assertEquals(0, run(eval), name + " eval");
        String text = Files.readString(json);
        assertTrue(text.contains("\"name\":\"bundled\""), text);
        double psnr = number(text, "\"psnr\":"), base = number(text, "\"baseline_psnr\":");
        assertTrue(Double.isFinite(psnr) && psnr > 5, "model PSNR " + psnr);
        assertTrue(base > baselineLow && base < baselineHigh, name + " baseline PSNR " + base);
        assertTrue(Files.readString(dir.resolve("eval/eval.md")).contains("| bundled | 2 |"));
        // scale 1: three panels (baseline = degraded input, network, GT) of 96 px
        assertEquals(3 * 96 + 2 * EvalCrops.GAP,
                ImageFiles.size(dir.resolve("eval/crops/bundled_coffee.png"))[0]);
    }

    /** The first number after {@code key} (the set's mean comes first). */
    static double number(String json, String key) {
        int i = json.indexOf(key) + key.length();
        int j = i;
        while (j < json.length() && "+-.0123456789eE".indexOf(json.charAt(j)) >= 0) {
            j++;
        }
        return Double.parseDouble(json.substring(i, j));
    }

    static String[] concat(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
