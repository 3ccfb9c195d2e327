package io.dckd.core.pipeline;

/** A stage of one pipeline run, under a fixed name: what every {@link Stage} of {@code dckd train} shares. */
abstract class RunStage implements Stage {

    /** The run the stage belongs to. */
    protected final PipelineRun p;
    private final String name;

    RunStage(String name, PipelineRun run) {
        this.name = name;
        this.p = run;
    }

    @Override
    public final String name() {
        return name;
    }
}
