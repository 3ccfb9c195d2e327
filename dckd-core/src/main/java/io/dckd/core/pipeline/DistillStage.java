package io.dckd.core.pipeline;

import com.google.inject.Inject;
import com.google.inject.Provider;
import io.dckd.core.distill.DistillationStep;
import io.dckd.core.spi.RestorationTask;
import io.dckd.core.train.Network;
import io.dckd.core.train.Objective;
import io.dckd.core.train.ReferenceScores;
import java.io.IOException;
import java.util.Optional;

/**
 * Stage {@code distill}: the student {@code network_g} trained with the objective of {@code train}
 * and the {@link DistillationStep} built once for it ({@link DistillationSetup}: teacher, history
 * model, negatives, encoder as the terms need them).
 */
final class DistillStage extends TrainingStage {

    private final Provider<DistillationSetup> setup;

    @Inject
    DistillStage(PipelineRun run, StageTraining training, Provider<DistillationSetup> setup) {
        super("distill", run, training);
        this.setup = setup;
    }

    @Override
    public Optional<String> run() throws IOException {
        RestorationTask task = p.task();
        Objective objective = Objective.fromTrain(p.root().getConfig("train"), "train", p.components().losses());
        try (DistillationStep built = setup.get().build(objective)) {
            Network teacher = built.parts().teacher();
            if (teacher != null) { // the teacher's validation PSNR: a reference line in distill/plots/curves.png
                ReferenceScores.ensure(p.run().stage(name()).root(), "teacher", () -> p.validator(task).evaluate(teacher));
            }
            training.train(name(), p.root(), p.run().stage(name()), objective, built);
        }
        return Optional.empty();
    }
}
