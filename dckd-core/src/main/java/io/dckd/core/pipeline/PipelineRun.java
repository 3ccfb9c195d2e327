package io.dckd.core.pipeline;

import ai.djl.Device;
import com.typesafe.config.Config;
import io.dckd.core.io.WeightsLoader;
import io.dckd.core.parallel.GradientAllReduce;
import io.dckd.core.registry.Components;
import io.dckd.core.spi.RestorationTask;
import io.dckd.core.train.RunDirectory;
import io.dckd.core.train.RunLog;
import io.dckd.core.train.TrainingSetup;
import io.dckd.core.train.Validator;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What every stage of one run shares: the resolved config, the registries, the device, the run
 * folder and its log, the run's stage markers, and where the stages it builds on (teacher,
 * codebook) recorded their outputs: the run itself, or the shared folder of a {@code dckd compare}; and the
 * ranks of a data-parallel run ({@link GradientAllReduce#single()} for one process).
 */
public record PipelineRun(Config root, Components components, Device device, WeightsLoader weights, RunDirectory run, RunLog log,
                          StageMarker markers, StageMarker upstream, GradientAllReduce ranks) {

    /** A run whose stages build on its own earlier stages. */
    public static PipelineRun of(Config root, Components components, Device device, WeightsLoader weights, RunDirectory run, RunLog log) {
        StageMarker markers = new StageMarker(run.root());
        return new PipelineRun(root, components, device, weights, run, log, markers, markers, GradientAllReduce.single());
    }

    /** The same run, its teacher and codebook taken from {@code shared} (a comparison's shared stages). */
    public PipelineRun upstreamFrom(Path shared) {
        return new PipelineRun(root, components, device, weights, run, log, markers, new StageMarker(shared), ranks);
    }

    /** The same run as one rank of a data-parallel group ({@code dckd train --nproc N}). */
    public PipelineRun withRanks(GradientAllReduce group) {
        return new PipelineRun(root, components, device, weights, run, log, markers, upstream, group);
    }

    /** The run's task. */
    public RestorationTask task() {
        return TrainingSetup.task(root, components);
    }

    /** A validator over every validation set of the config with its metrics. */
    public Validator validator(RestorationTask task) {
        return new Validator(task, task.validationSets(root.getConfig("datasets")), TrainingSetup.metrics(root, task, components));
    }

    /** The teacher stage's weights. */
    public Path teacherWeights() {
        return Path.of((String) upstream.done("teacher").orElseThrow(() -> new IllegalStateException("the teacher stage has not run"))
                .get("weights"));
    }

    /** The codebook stage's weights, when it wrote some. */
    public Optional<Path> encoderWeights() {
        Object vq = upstream.done("codebook").map(m -> m.get("weights")).orElse("");
        return vq.toString().isEmpty() ? Optional.empty() : Optional.of(Path.of(vq.toString()));
    }
}
