package io.dckd.core.pipeline;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.MapBinder;
import io.dckd.core.distill.DistillationStep;
import java.util.List;

/**
 * The Guice module of one run: the {@link PipelineRun} every stage shares, the stages by name
 * (what {@code stages} may list), and the {@link DistillationSetup} the distill stage builds its
 * {@link DistillationStep} with.
 */
public final class RunModule extends AbstractModule {

    private final PipelineRun run;

    public RunModule(PipelineRun run) {
        this.run = run;
    }

    @Override
    protected void configure() {
        bind(PipelineRun.class).toInstance(run);
        bind(StageTraining.class);
        bind(WeightsScore.class);
        bind(Pipeline.class);
        for (Class<? extends Stage> c : List.of(TrainStage.class, TeacherStage.class, CodebookStage.class, DistillStage.class,
                EvaluateStage.class, ExportStage.class)) {
            bind(c); // explicit: the application's injector requires explicit bindings
        }
        MapBinder<String, Stage> stages = MapBinder.newMapBinder(binder(), String.class, Stage.class);
        stages.addBinding("train").to(TrainStage.class);
        stages.addBinding("teacher").to(TeacherStage.class);
        stages.addBinding("codebook").to(CodebookStage.class);
        stages.addBinding("distill").to(DistillStage.class);
        stages.addBinding("evaluate").to(EvaluateStage.class);
        stages.addBinding("export").to(ExportStage.class);
    }

    /** How the distill stage builds its step: teacher from the teacher stage, encoder from the codebook stage, the rest as {@code train} says. */
    @Provides
    DistillationSetup distillationSetup(PipelineRun p) {
        return new DistillationSetup(p.root(), p.components(), p.device(), p.weights(), p::teacherWeights, p.encoderWeights(),
                new StageMapperContext(p, p.task()), m -> p.log().info("%s", m));
    }
}
