package io.dckd.core.pipeline;

/**
 * A stage that trains a network with {@link StageTraining}: finished when its marker records the
 * iterations the config asks now (a run whose {@code total_iter} was raised resumes from its last checkpoint).
 */
abstract class TrainingStage extends RunStage {

    protected final StageTraining training;

    TrainingStage(String name, PipelineRun run, StageTraining training) {
        super(name, run);
        this.training = training;
    }

    /** The iterations the config asks of this stage now: {@code train.total_iter} unless the stage says otherwise. */
    protected long totalIterations() {
        return p.root().getLong("train.total_iter");
    }

    @Override
    public final boolean finished(StageMarker markers) {
        return Stage.trainedTo(markers, name(), totalIterations());
    }
}
