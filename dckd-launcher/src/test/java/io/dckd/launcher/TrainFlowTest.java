package io.dckd.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.dckd.core.image.RgbImage;
import io.dckd.core.io.SafeTensors;
import io.dckd.core.train.MetricsLog;
import io.dckd.tasks.io.ImageFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher end to end on real photographs: train, resume, restore, eval, exit codes. */
class TrainFlowTest {

    @TempDir
    static Path home;

    static Path conf;

    @BeforeAll
    static void setUp() throws Exception {
        // the tiny EDSR run with a 64x48 validation image, 4 iterations, validation every 2 and the default
        // also_raw and keep_last
        conf = new TinyRun(home, 64, 48,
                "train { total_iter = 4, scheduler { milestones = [3] } }",
                "val { val_freq = 2, also_raw = true }",
                "logger { keep_last = 3 }").conf;
    }

    static int run(String... args) {
        return TinyRun.dckd(home, args);
    }

    @Test
    void resumeContinuesAtTheSavedStepAndMatchesAnUninterruptedRun() throws Exception {
        assertEquals(0, run("train", "-c", conf.toString(), "--set", "name=straight"));
        assertEquals(0, run("train", "-c", conf.toString(), "--set", "name=interrupted", "--set", "train.total_iter=2"));
        assertEquals(0, run("train", "-c", conf.toString(), "--set", "name=interrupted", "--resume"));

        Path log = home.resolve("runs/interrupted/train.log");
        assertTrue(Files.readString(log).contains("at iteration 2"), "resume message in the log");
        List<Map<String, Object>> recs = MetricsLog.read(home.resolve("runs/interrupted/metrics.jsonl"));
        List<Double> iters = recs.stream().filter(r -> "train".equals(r.get("kind"))).map(r -> (Double) r.get("iter")).toList();
        assertEquals(List.of(1.0, 2.0, 3.0, 4.0), iters, "no step repeated or skipped");

        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> a = SafeTensors.read(m, home.resolve("runs/straight/models/net_g.safetensors"));
            Map<String, NDArray> b = SafeTensors.read(m, home.resolve("runs/interrupted/models/net_g.safetensors"));
            assertEquals(a.keySet(), b.keySet());
            for (String k : a.keySet()) {
                assertArrayEquals(a.get(k).toFloatArray(), b.get(k).toFloatArray(), 1e-6f, k);
            }
        }
        assertTrue(Files.size(home.resolve("runs/straight/plots/curves.png")) > 1000, "curve plot written");
    }

    @Test
    void trainThenRestoreGivesAnImageOfTheRightSize() throws Exception {
        assertEquals(0, run("train", "-c", conf.toString(), "--set", "name=roundtrip", "--set", "train.total_iter=2"));
        Path weights = home.resolve("runs/roundtrip/models/net_g_ema.safetensors");
        Path out = home.resolve("restored/coffee_x4.png");
        assertEquals(0, run("restore", "-c", conf.toString(), "--weights", weights.toString(),
                "--input", home.resolve("data/val/coffee.png").toString(), "--output", out.toString()));
        RgbImage restored = ImageFiles.read(out);
        assertEquals(64 * 4, restored.width());
        assertEquals(48 * 4, restored.height());

        Path tiled = home.resolve("restored/coffee_tiled.png");
        assertEquals(0, run("restore", "-c", conf.toString(), "--weights", weights.toString(),
                "--input", home.resolve("data/val/coffee.png").toString(), "--output", tiled.toString(),
                "--tile", "24", "--tile-overlap", "8"));
        RgbImage tiledImage = ImageFiles.read(tiled);
        assertEquals(256, tiledImage.width());
        // blended tiles stay close to the whole-image output (they differ only near tile borders)
        int[] a = restored.toUint8();
        int[] b = tiledImage.toUint8();
        double mad = 0;
        for (int i = 0; i < a.length; i++) {
            mad += Math.abs(a[i] - b[i]);
        }
        mad /= a.length;
        assertTrue(mad < 1.5, "mean absolute difference " + mad);

        Path json = home.resolve("reports/new-folder/eval.json"); // --json makes its folder
        assertEquals(0, run("eval", "-c", conf.toString(), "--weights", weights.toString(), "--json", json.toString()));
        String text = Files.readString(json);
        assertTrue(text.contains("\"psnr\"") && text.contains("baseline_psnr"), text);
    }

    @Test
    void configErrorsExitWithTwo() throws Exception {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path bad = home.resolve("bad.conf");
        Files.writeString(bad, "name = bad\nnetwork_g { type = RCNA }\n");
        try {
            System.setErr(new PrintStream(err, true));
            assertEquals(2, run("train", "-c", bad.toString()));
            assertEquals(2, run("train", "-c", "no-such-config"));
            assertEquals(2, run("restore", "--weights", "x", "--input", "y", "--output", "z"));
        } finally {
            System.setErr(old);
        }
    }
}
