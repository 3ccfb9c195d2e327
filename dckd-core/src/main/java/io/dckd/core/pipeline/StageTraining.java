package io.dckd.core.pipeline;

import com.google.inject.Inject;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.dckd.core.config.RunConfig;
import io.dckd.core.distill.DistillationStep;
import io.dckd.core.io.SafeTensors;
import io.dckd.core.parallel.GradientAllReduce;
import io.dckd.core.registry.Origin;
import io.dckd.core.registry.PluginBlame;
import io.dckd.core.train.BestWeights;
import io.dckd.core.train.RunDirectory;
import io.dckd.core.train.RunLog;
import io.dckd.core.train.Objective;
import io.dckd.core.train.RunMeters;
import io.dckd.core.train.TrainingLoop;
import io.dckd.core.train.TrainingSetup;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/**
 * The training of a stage (train, teacher, distill): its config and log in its folder, the loop
 * (resumed from its last checkpoint), the final EMA and raw weights with their metadata in
 * {@code models/}, the final table in {@code summary.md}, the stage's marker.
 */
public final class StageTraining {

    /** A training stage's final table, in its directory (what a re-run of a finished supervised run prints). */
    public static final String SUMMARY = "summary.md";

    private final PipelineRun p;

    @Inject
    StageTraining(PipelineRun run) {
        this.p = run;
    }

    /** What a training stage ended with. */
    public record Trained(TrainingLoop.Outcome outcome, String table) {}

    /** Supervised training of {@code network_g} of {@code stageRoot} with the loss terms of its {@code train} section. */
    public Trained train(String stage, Config stageRoot, RunDirectory dir) throws IOException {
        Objective objective = Objective.fromTrain(stageRoot.getConfig("train"), "train", p.components().losses());
        return train(stage, stageRoot, dir, objective, DistillationStep.none());
    }

    /**
     * Trains {@code network_g} of {@code stageRoot} in {@code dir} on {@code objective} with {@code distill} (built for
     * that objective); {@code stage} names the marker, and the network is the teacher in the teacher stage.
     */
    public Trained train(String stage, Config stageRoot, RunDirectory dir, Objective objective, DistillationStep distill) throws IOException {
        Files.writeString(dir.config(), RunConfig.render(stageRoot));
        try (RunLog stageLog = new RunLog(dir.log());
             RunMeters meters = new RunMeters(stageRoot.getStringList("logger.meter_registries"), dir.meters());
             BestWeights best = TrainingSetup.bestWeights(stageRoot, p.components(), dir, stageLog, p.device())) {
            String role = stage.equals("teacher") ? "teacher" : "student";
            GradientAllReduce ranks = p.ranks();
            // data parallel: the source draws the global batch N·B (same seed on every rank), each rank trains its shard
            Config partsRoot = ranks.worldSize() == 1 ? stageRoot : stageRoot.withValue("datasets.train.batch_size_per_gpu",
                    ConfigValueFactory.fromAnyRef(ranks.worldSize() * stageRoot.getInt("datasets.train.batch_size_per_gpu"),
                            "dckd train --nproc " + ranks.worldSize() + ": the global batch"));
            TrainingLoop.Parts parts = TrainingSetup.parts(partsRoot, p.components(), dir, stageLog, meters, objective, distill, List.of(distill, best),
                    p.device(), p.weights(), role);
            TrainingLoop loop = new TrainingLoop(parts);
            if (ranks.worldSize() > 1) {
                loop.dataParallel(ranks);
                stageLog.info("data parallel: rank %d of %d, %d samples per rank, effective batch %d, learning rate unchanged",
                        ranks.rank(), ranks.worldSize(), stageRoot.getInt("datasets.train.batch_size_per_gpu"),
                        partsRoot.getInt("datasets.train.batch_size_per_gpu"));
            }
            PluginBlame plugins = new PluginBlame(p.components());
            loop.blame(t -> plugins.culprit(t).map(Origin::shortForm));
            try {
                TrainingLoop.Outcome o = loop.run(loop.resume());
                Files.createDirectories(dir.models());
                SafeTensors.write(parts.ema().stateDict(), dir.emaWeights(), best.metadata("ema", o.iterations(), o.ema()));
                SafeTensors.write(parts.student().stateDict(), dir.rawWeights(), best.metadata("raw", o.iterations(), o.raw()));
                String table = Reports.trainingSummary(o, parts.student().parameterCount(), role);
                Files.writeString(dir.root().resolve(SUMMARY), table);
                stageLog.fileOnly("%n%s", table);
                if (stage.equals("train")) { // the table is the run's report, printed once at the end
                    p.log().info("stage %s finished", stage);
                } else {
                    p.log().info("stage %s finished:%n%s", stage, table);
                }
                p.markers().finish(stage, Map.of("iterations", o.iterations(), "seconds", o.secondsTotal(), "median_step_ms", o.medianStepMs()));
                return new Trained(o, table);
            } finally {
                loop.closeLogs();
                parts.data().close();
                parts.student().close();
                parts.ema().close();
            }
        }
    }
}
