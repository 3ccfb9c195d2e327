package io.dckd.core.pipeline;

import com.google.inject.Inject;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.dckd.core.config.ConfigProblem;
import io.dckd.core.spi.RestorationTask;
import io.dckd.core.train.RunDirectory;
import io.dckd.core.train.Validator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stage {@code teacher}: the user's weights ({@code path.pretrain_network_t}) or a teacher trained
 * here from {@code train_teacher} ({@link TeacherTraining}), validated against the baseline; its
 * marker holds the weights and the scores {@link TeacherCheck} reads before distillation.
 */
final class TeacherStage extends TrainingStage {

    private final WeightsScore score;

    @Inject
    TeacherStage(PipelineRun run, StageTraining training, WeightsScore score) {
        super("teacher", run, training);
        this.score = score;
    }

    /** The teacher section's {@code total_iter}; 0 when the teacher is not trained here. */
    @Override
    protected long totalIterations() {
        return TeacherTraining.trains(p.root()) ? TeacherTraining.section(p.root()).getLong("total_iter") : 0;
    }

    @Override
    public Optional<String> run() throws IOException {
        Config root = p.root();
        Map<String, Object> marker = new LinkedHashMap<>();
        if (root.hasPath("path.pretrain_network_t")) {
            p.log().info("teacher: weights from %s", root.getString("path.pretrain_network_t"));
            marker.putAll(Map.of("weights", root.getString("path.pretrain_network_t"), "trained", false));
        } else if (!root.hasPath("train_teacher")) {
            throw new ConfigProblem(root.getValue("network_t").origin(),
                    "network_t needs either path.pretrain_network_t (weights) or a train_teacher section (train it first)");
        } else {
            Config teacherTrain = TeacherTraining.section(root);
            Config teacherRoot = root.withValue("network_g", root.getValue("network_t"))
                    .withValue("train", teacherTrain.root())
                    .withValue("name", ConfigValueFactory.fromAnyRef("teacher"));
            RunDirectory dir = p.run().stage("teacher");
            StageTraining.Trained t = training.train("teacher", teacherRoot, dir);
            boolean raw = teacherTrain.hasPath("export_weights") && teacherTrain.getString("export_weights").equals("raw");
            marker.putAll(Map.of("weights", (raw ? dir.rawWeights() : dir.emaWeights()).toString(), "trained", true,
                    "iterations", t.outcome().iterations(), "seconds", t.outcome().secondsTotal()));
        }
        marker.putAll(measure(Path.of(marker.get("weights").toString())));
        p.markers().finish(name(), marker);
        return Optional.empty();
    }

    /** The teacher's and the baseline's PSNR (or first metric) on every validation set, for {@link TeacherCheck}. */
    Map<String, Object> measure(Path w) throws IOException {
        RestorationTask task = p.task();
        Validator v = p.validator(task);
        Map<String, Object> scores = TeacherCheck.markerEntries(score.measure(v, "network_t", w, p.root().getString("path.param_key_t")).sets(),
                v.baseline());
        p.log().info("teacher validated: %s", scores);
        return scores;
    }

    /** Stops before distillation when the teacher is not better than the baseline (see {@link TeacherCheck}). */
    void check() throws IOException {
        Map<String, Object> marker = p.upstream().done(name()).orElseThrow(() -> new IllegalStateException("the teacher stage has not run"));
        List<TeacherCheck.Score> scores = TeacherCheck.scores(marker);
        if (scores.isEmpty()) {
            // a marker written before teachers were validated
            scores = TeacherCheck.scores(measure(p.teacherWeights()));
        }
        p.log().info("%s", TeacherCheck.require(scores, p.root(), p.root().getInt("scale") == 1 ? "the degraded input" : "bicubic"));
    }
}
