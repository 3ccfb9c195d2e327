package io.dckd.core.pipeline;

import com.google.inject.Inject;
import io.dckd.core.spi.RestorationTask;
import io.dckd.core.train.RunDirectory;
import io.dckd.core.train.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Stage {@code evaluate}: baseline vs teacher vs student (EMA and raw) on every validation set, in {@code report.md} and {@code report.json}. */
final class EvaluateStage extends RunStage {

    private final WeightsScore score;
    private final List<String> stages;

    @Inject
    EvaluateStage(PipelineRun run, WeightsScore score) {
        super("evaluate", run);
        this.score = score;
        this.stages = Pipeline.stagesOf(run.root());
    }

    @Override
    public Optional<String> run() throws IOException {
        long t0 = System.nanoTime();
        RestorationTask task = p.task();
        Validator v = p.validator(task);
        Map<String, Reports.Row> rows = new LinkedHashMap<>();
        rows.put(Reports.baselineName(task.scale()), new Reports.Row(0, v.baseline()));
        Map<String, Path> measured = new LinkedHashMap<>();
        if (p.root().hasPath("network_t") && p.upstream().done("teacher").isPresent()) {
            rows.put("teacher", score.measure(v, "network_t", p.teacherWeights(), "params_ema"));
            measured.put("teacher", p.teacherWeights());
        }
        RunDirectory student = p.root().hasPath("network_t") ? p.run().stage("distill") : p.run();
        rows.put("student (EMA)", score.measure(v, "network_g", student.emaWeights(), "params_ema"));
        rows.put("student (raw)", score.measure(v, "network_g", student.rawWeights(), "params"));
        measured.put("student (EMA)", student.emaWeights());
        measured.put("student (raw)", student.rawWeights());
        RunFacts facts = RunFacts.of(p.root()).stages(p.markers(), stages).weights(measured).wallTime("evaluation", (System.nanoTime() - t0) / 1e9);
        String md = facts.markdown() + Reports.comparison(rows);
        Files.writeString(p.run().report(), md);
        Files.writeString(p.run().root().resolve("report.json"), Reports.comparisonJson(rows, facts));
        p.markers().finish(name(), Map.of("report", p.run().report().toString(), "student_stage", p.root().hasPath("network_t") ? "distill" : "train"));
        return Optional.of(md);
    }
}
