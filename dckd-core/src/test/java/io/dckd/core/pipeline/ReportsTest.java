package io.dckd.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dckd.core.config.RunConfig;
import io.dckd.core.train.TrainingLoop;
import io.dckd.core.train.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stage summary names the network's role; the final report states where its numbers came from. */
class ReportsTest {

    @TempDir
    Path dir;

    static Map<String, Validator.SetResult> sets(double psnr) {
        return Map.of("val", new Validator.SetResult("val", List.of(), new LinkedHashMap<>(Map.of("psnr", psnr, "ssim", 0.7)), 3.0));
    }

    @Test
    void theTeacherStageSummaryCallsItsNetworkTheTeacher() {
        TrainingLoop.Outcome o = new TrainingLoop.Outcome(300, sets(26), sets(25.9), sets(25), 12, 40);
        String table = Reports.trainingSummary(o, 2_900_000, "teacher");
        assertTrue(table.contains("| teacher (EMA)") && table.contains("| teacher (raw)"), table);
        assertFalse(table.contains("student"), table);
    }

    @Test
    void reportStatesConfigOverridesSeedIterationsWeightsAndWallTime() throws Exception {
        Path file = dir.resolve("my-distill.conf");
        Files.writeString(file, "name = my-run\nmanual_seed = 7\ntrain { total_iter = 100 }\n");
        Config root = RunConfig.parseOverrides(List.of("train.total_iter=60")).withFallback(RunConfig.parseFile(file))
                .withFallback(ConfigFactory.parseString("scale = 4")).resolve();
        StageMarker markers = new StageMarker(dir);
        markers.finish("teacher", Map.of("weights", "t.safetensors", "trained", true, "iterations", 300, "seconds", 95.4));
        markers.finish("codebook", Map.of("weights", ""));
        markers.finish("distill", Map.of("iterations", 60, "seconds", 20.2));
        Map<String, Path> weights = new LinkedHashMap<>();
        weights.put("teacher", dir.resolve("teacher/models/net_g.safetensors"));
        weights.put("student (EMA)", dir.resolve("distill/models/net_g_ema.safetensors"));
        RunFacts facts = RunFacts.of(root).stages(markers, List.of("teacher", "codebook", "distill", "evaluate"))
                .weights(weights).wallTime("evaluation", 4.2);

        String md = facts.markdown();
        assertTrue(md.contains("- config: my-distill (" + file + "), --set train.total_iter=60\n"), md);
        assertTrue(md.contains("- run name: my-run\n") && md.contains("- seed: manual_seed 7\n"), md);
        assertTrue(md.contains("- iterations: teacher 300, distill 60\n"), md);
        assertTrue(md.contains("- weights: teacher `" + weights.get("teacher") + "`; student (EMA) `"), md);
        assertTrue(md.contains("- wall time: teacher 95 s, distill 20 s, evaluation 4.2 s\n"), md);

        Map<String, Reports.Row> rows = new LinkedHashMap<>();
        rows.put("bicubic", new Reports.Row(0, sets(25)));
        String json = Reports.comparisonJson(rows, facts);
        assertTrue(json.startsWith("{\"run\":{\"config\":\"my-distill (") && json.contains("\"seed\":\"manual_seed 7\""), json);
        assertTrue(json.contains("\"weights\":\"teacher " + weights.get("teacher") + "; student (EMA) "), "no Markdown quotes in JSON: " + json);
    }

    @Test
    void aLoadedTeacherSaysItWasNotTrainedHere() {
        StageMarker markers = new StageMarker(dir);
        markers.finish("teacher", Map.of("weights", "t.pth", "trained", false));
        Config root = ConfigFactory.parseString("name = n, manual_seed = 0");
        String md = RunFacts.of(root).stages(markers, List.of("teacher")).markdown();
        assertTrue(md.contains("- config: defaults only\n") && md.contains("- iterations: teacher (loaded, not trained here)\n"), md);
    }
}
