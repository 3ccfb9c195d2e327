package io.dckd.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.dckd.core.image.RgbImage;
import io.dckd.core.io.SafeTensors;
import io.dckd.core.io.WeightsMetadata;
import io.dckd.tasks.io.ImageFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export writes the best of the EMA and raw weights by default, and every weights file carries
 * its architecture, so {@code restore} needs no flag and a contradicting flag is an exit-2 error.
 * The tiny run keeps its EMA near the random start ({@code ema_decay = 0.9999}), so after 8 steps
 * the raw weights validate better, deterministically (seed 3).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExportWeightsFlowTest {

    @TempDir
    static Path home;

    static TinyRun tiny;

    @BeforeAll
    static void train() throws Exception {
        tiny = new TinyRun(home, "train.ema_decay = 0.9999", "val { val_freq = 4, also_raw = true }");
        TinyRun.Result r = tiny.train();
        assertEquals(0, r.code(), r.err());
    }

    static double score(Path file) throws Exception {
        return Double.parseDouble(WeightsMetadata.read(file).get(WeightsMetadata.SCORE).orElseThrow());
    }

    static TinyRun.Result dckd(String... args) {
        return tiny.dckd(args);
    }

    @Test
    @Order(1)
    void bestPicksTheRawWeightsWhenTheyValidateBetterAndSaysSo() throws Exception {
        Path models = tiny.run("tiny").resolve("models");
        WeightsMetadata export = WeightsMetadata.read(tiny.run("tiny").resolve("export/student.safetensors"));
        assertEquals("best", export.get(WeightsMetadata.SELECTED).orElseThrow());
        assertEquals("raw", export.get(WeightsMetadata.WEIGHTS).orElseThrow());
        assertEquals("psnr", export.get(WeightsMetadata.METRIC).orElseThrow());
        assertEquals("8", export.get(WeightsMetadata.ITERATION).orElseThrow());
        assertEquals("edsr-t", export.get("architecture").orElseThrow());
        double ema = score(models.resolve("net_g_ema.safetensors"));
        double raw = score(models.resolve("net_g.safetensors"));
        assertTrue(raw > ema + 1, "raw " + raw + " dB against EMA " + ema + " dB");
        assertEquals(raw, score(models.resolve("net_g_best.safetensors")));
        String log = Files.readString(tiny.run("tiny").resolve("train.log"));
        assertTrue(log.contains("export.weights = best: raw weights of iteration 8, psnr"), log);
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> exported = Weights.loader().read(m, tiny.run("tiny").resolve("export/student.safetensors"), null);
            Map<String, NDArray> rawWeights = SafeTensors.read(m, models.resolve("net_g.safetensors"));
            assertEquals(rawWeights.keySet(), exported.keySet());
            rawWeights.forEach((k, v) -> assertTrue(v.contentEquals(exported.get(k)), k));
        }
    }

    @Test
    @Order(2)
    void restoreNeedsNoFlagBeyondTheWeights() throws Exception {
        Path out = home.resolve("restored.png");
        TinyRun.Result r = dckd("restore", "--weights", tiny.run("tiny").resolve("export/student.safetensors").toString(),
                "--input", home.resolve("data/val/coffee.png").toString(), "--output", out.toString());
        assertEquals(0, r.code(), r.err());
        RgbImage img = ImageFiles.read(out);
        assertEquals(32 * 4, img.width());
        assertEquals(24 * 4, img.height());
    }

    @Test
    @Order(2)
    void filesWithoutMetadataWorkAsBefore() throws Exception {
        Path plain = home.resolve("plain.safetensors");
        try (NDManager m = NDManager.newBaseManager(); java.io.OutputStream out = Files.newOutputStream(plain)) {
            // as an official checkpoint: no __metadata__
            ai.djl.ndarray.NDList list = new ai.djl.ndarray.NDList();
            SafeTensors.read(m, tiny.run("tiny").resolve("models/net_g.safetensors")).forEach((k, v) -> {
                v.setName(k);
                list.add(v);
            });
            list.encode(out, ai.djl.ndarray.NDList.Encoding.SAFETENSORS);
        }
        assertTrue(WeightsMetadata.read(plain).isEmpty());
        String in = home.resolve("data/val/coffee.png").toString();
        TinyRun.Result bare = dckd("restore", "--weights", plain.toString(), "--input", in, "--output", home.resolve("bare.png").toString());
        assertEquals(2, bare.code(), bare.err());
        assertTrue(bare.err().contains("give -c/--config or --backbone"), bare.err());
        TinyRun.Result withConfig = dckd("restore", "-c", tiny.conf.toString(), "--weights", plain.toString(), "--input", in, "--output",
                home.resolve("with-config.png").toString());
        assertEquals(0, withConfig.code(), withConfig.err());
    }

    @Test
    @Order(3)
    void explicitChoicesThatContradictTheFileAreConfigurationErrors() {
        String w = tiny.run("tiny").resolve("export/student.safetensors").toString();
        String in = home.resolve("data/val/coffee.png").toString();
        TinyRun.Result scale = dckd("restore", "--weights", w, "--scale", "2", "--input", in, "--output", home.resolve("x2.png").toString());
        assertEquals(2, scale.code(), scale.err());
        assertTrue(scale.err().contains("holds a x4 edsr-t (EDSR) for sr") && scale.err().contains("scale 2 (the file: 4)"), scale.err());
        TinyRun.Result arch = dckd("restore", "--weights", w, "--backbone", "rcan-s", "--input", in, "--output", home.resolve("r.png").toString());
        assertEquals(2, arch.code(), arch.err());
        assertTrue(arch.err().contains("architecture RCAN (the file: EDSR)"), arch.err());
        TinyRun.Result set = dckd("restore", "--weights", w, "--set", "network_g.num_feat=16", "--input", in, "--output",
                home.resolve("s.png").toString());
        assertEquals(2, set.code(), set.err());
        assertTrue(set.err().contains("--set overrides keys of a run config"), set.err());
        TinyRun.Result eval = dckd("eval", "-c", tiny.conf.toString(), "--set", "network_g.num_feat=16", "--weights", w, "--crops", "0");
        assertEquals(2, eval.code(), eval.err());
        assertTrue(eval.err().contains("num_feat = 16 (the file: 8)"), eval.err());
        TinyRun.Result pretrain = tiny.train("--set", "name=from-x2", "--set", "scale=2", "--set", "path.pretrain_network_g=" + w);
        assertEquals(2, pretrain.code(), pretrain.err());
        assertTrue(pretrain.err().contains("path.pretrain_network_g") && pretrain.err().contains("scale 2 (the file: 4)"), pretrain.err());
        TinyRun.Result teacher = tiny.train("--set", "name=kd", "--set", "network_t.type=edsr-t", "--set", "network_t.num_feat=16",
                "--set", "train.logits_opt.type=L1Loss", "--set", "path.pretrain_network_t=" + w);
        assertEquals(2, teacher.code(), teacher.err());
        assertTrue(teacher.err().contains("network_t") && teacher.err().contains("num_feat = 16 (the file: 8)"), teacher.err());
        TinyRun.Result typo = tiny.train("--set", "name=typo", "--set", "export.weights=bset");
        assertEquals(2, typo.code(), typo.err());
        assertTrue(typo.err().contains("export.weights") && typo.err().contains("[best, ema, raw]"), typo.err());
    }

    @Test
    @Order(4)
    void bestWeightsSurviveAResumeThatDoesWorse() throws Exception {
        Path run = tiny.run("tiny");
        String state = Files.readString(run.resolve("checkpoints/iter_00000008/state.json"));
        assertTrue(state.contains("\"best.iteration\":8") && state.contains("\"best.weights\":\"raw\""), state);
        Files.delete(run.resolve("models/net_g_best.safetensors"));
        // one more iteration with only the EMA (decay 0.9999: still close to its random start) validated:
        // nothing beats iteration 8's raw weights, so the best is the checkpoint's, written again
        TinyRun.Result r = tiny.train("--resume", "--set", "train.total_iter=9", "--set", "val.also_raw=false");
        assertEquals(0, r.code(), r.err());
        WeightsMetadata best = WeightsMetadata.read(run.resolve("models/net_g_best.safetensors"));
        assertEquals("8", best.get(WeightsMetadata.ITERATION).orElseThrow(), () -> "restored from the checkpoint and written again: "
                + r.err() + uncheckedRead(run.resolve("metrics.jsonl")));
        var saved = java.util.regex.Pattern.compile("\"best.score\":([-0-9.eE]+)").matcher(state);
        assertTrue(saved.find(), state);
        assertEquals(Double.parseDouble(saved.group(1)), score(run.resolve("models/net_g_best.safetensors")), 1e-4, "the checkpoint's score");
        assertEquals("8", WeightsMetadata.read(run.resolve("export/student.safetensors")).get(WeightsMetadata.ITERATION).orElseThrow());
    }

    @Test
    @Order(5)
    void exportWeightsEmaExportsTheFinalEma() throws Exception {
        TinyRun.Result r = tiny.train("--resume", "--set", "train.total_iter=9", "--set", "export.weights=ema");
        assertEquals(0, r.code(), r.err());
        WeightsMetadata export = WeightsMetadata.read(tiny.run("tiny").resolve("export/student.safetensors"));
        assertEquals("ema", export.get(WeightsMetadata.SELECTED).orElseThrow());
        assertEquals("ema", export.get(WeightsMetadata.WEIGHTS).orElseThrow());
        assertEquals("9", export.get(WeightsMetadata.ITERATION).orElseThrow());
    }

    private static String uncheckedRead(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
