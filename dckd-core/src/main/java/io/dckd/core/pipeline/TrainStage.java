package io.dckd.core.pipeline;

import com.google.inject.Inject;
import java.io.IOException;
import java.util.Optional;

/** Stage {@code train}: supervised training of {@code network_g} (no teacher); its final table is the run's report. */
final class TrainStage extends TrainingStage {

    @Inject
    TrainStage(PipelineRun run, StageTraining training) {
        super("train", run, training);
    }

    @Override
    public Optional<String> run() throws IOException {
        return Optional.of(training.train(name(), p.root(), p.run()).table());
    }
}
