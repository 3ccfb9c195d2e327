package io.dckd.core.pipeline;

import com.google.inject.Inject;
import java.io.IOException;
import java.util.Optional;

/** Stage {@code train}: supervised training of {@code network_g} (no teacher); its final table is the run's report. */
final class TrainStage extends RunStage {

    private final StageTraining training;

    @Inject
    TrainStage(PipelineRun run, StageTraining training) {
        super("train", run);
        this.training = training;
    }

    /** Finished when trained to the {@code total_iter} the config asks now. */
    @Override
    public boolean finished(StageMarker markers) {
        return Stage.trainedTo(markers, name(), p.root().getLong("train.total_iter"));
    }

    @Override
    public Optional<String> run() throws IOException {
        return Optional.of(training.train(name(), p.root(), p.run()).table());
    }
}
