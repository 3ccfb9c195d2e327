package io.dckd.core.pipeline;

import ai.djl.Device;
import com.typesafe.config.Config;
import io.dckd.core.config.ConfigProblem;
import io.dckd.core.config.Precision;
import io.dckd.core.distill.DistillationStep;
import io.dckd.core.distill.HistoryModel;
import io.dckd.core.distill.Upcycling;
import io.dckd.core.io.WeightsLoader;
import io.dckd.core.registry.Components;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.DistributionMapper;
import io.dckd.core.spi.NegativeSampler;
import io.dckd.core.spi.StepInput;
import io.dckd.core.spi.WeightedTerm;
import io.dckd.core.train.ArchitectureMatch;
import io.dckd.core.train.Network;
import io.dckd.core.train.Objective;
import io.dckd.core.train.TrainingSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Builds the {@link DistillationStep} of a run config, once: the objective's inputs decide which
 * frozen parts exist (a teacher for {@code teacher*}, the history model and the negative sampler for
 * {@code negatives}, the encoder behind {@code network_vq} for {@code encoded_*}, DUKD's upcycling
 * for {@code zoom_*}). The distill stage and {@code dckd bench} build their step here.
 *
 * @param teacherWeights where the teacher's weights are (asked only when a term needs the teacher), or null for a
 *     randomly initialised teacher (benchmarks)
 * @param encoderWeights the codebook stage's weights, when it wrote some
 */
public record DistillationSetup(Config root, Components components, Device device, WeightsLoader weights, Supplier<Path> teacherWeights,
                                Optional<Path> encoderWeights, DistributionMapper.MapperContext mapperContext, Consumer<String> log) {

    /** The step for {@code objective} (whose inputs this config must be able to provide). */
    public DistillationStep build(Objective objective) {
        Set<StepInput> needed = objective.inputs();
        objective.requireInputs(DistillInputs.available(root));
        long seed = root.getLong("manual_seed");
        Precision precision = Precision.frozen(root);
        int scale = root.hasPath("task.scale") ? root.getInt("task.scale") : root.getInt("scale");
        Network teacher = null;
        HistoryModel history = null;
        NegativeSampler.Sampler sampler = null;
        DistributionMapper.Mapping mapping = null;
        try {
            boolean upcycled = needed.stream().anyMatch(n -> n.key().startsWith("zoom_"));
            if (needsTeacher(objective)) {
                teacher = teacher(scale, seed, needed);
                teacher.castFrozen(precision);
            }
            if (needed.contains(StepInput.NEGATIVES) || needed.contains(StepInput.ENCODED_NEGATIVES)) {
                history = HistoryModel.from(root.getConfig("train.history"),
                        Network.create("history", TrainingSetup.backbone(root, "network_g", components, scale), device, seed, false, 32));
                if (precision != Precision.FP32) {
                    Network copy = Network.create("history-" + precision.label(), TrainingSetup.backbone(root, "network_g", components, scale),
                            device, seed, false, 32);
                    try {
                        copy.castFrozen(precision);
                    } catch (RuntimeException e) {
                        copy.close();
                        throw e;
                    }
                    history.withCastCopy(copy);
                }
                sampler = sampler();
                log.accept(String.format("negatives: %d per sample (clean lq + %d degraded), history refresh every %s iterations (decay %s)",
                        sampler.count(), sampler.count() - 1, root.getLongList("train.history.step"), root.getDouble("train.history.update_decay")));
            }
            boolean withDistribution = false;
            if (needed.stream().anyMatch(StepInput::encoded)) {
                Config section = root.getConfig("network_vq");
                ComponentSpec spec = new ComponentSpec(section.getString("type"), section, "network_vq");
                mapping = components.distributionMappers().get(spec).create(spec, mapperContext, encoderWeights);
                try {
                    mapping.castFrozen(precision);
                } catch (UnsupportedOperationException e) {
                    throw new ConfigProblem(root.getValue(Precision.FROZEN).origin(), e.getMessage() + " (" + Precision.FROZEN + ")");
                }
                withDistribution = objective.terms().stream().anyMatch(WeightedTerm::needsDistribution);
                // where its weights came from is the mapper's to say (a random one ignores the codebook stage's)
                log.accept(String.format("encoder: %,d parameters", mapping.parameterCount()));
            }
            Upcycling upcycling = upcycled ? Upcycling.from(root.getConfig("train.upcycle"), scale) : null;
            if (upcycling != null) {
                log.accept(String.format("DUKD upcycled data: %d zoom-in tile(s) per GT patch, zoom-out x1/%d", upcycling.nGtSub(), upcycling.scale()));
            }
            if (precision != Precision.FP32) {
                log.accept("frozen networks (teacher, history copy, encoder on teacher and negatives) compute in " + precision.label()
                        + "; outputs cast to fp32 before the losses, E(S(x)) in fp32");
            }
            double lcrProb = root.getDouble("train.noisy.prob");
            return new DistillationStep(new DistillationStep.Parts(teacher, lcrProb, history, sampler, mapping, upcycling), needed,
                    withDistribution, seed);
        } catch (RuntimeException e) {
            // close what was built before the failure (the step closes exactly these parts)
            new DistillationStep(new DistillationStep.Parts(teacher, 0, history, sampler, mapping, null), Set.of(), false, seed).close();
            throw e;
        }
    }

    /** True when some term reads what only the teacher computes (its outputs, taps, encoding or DUKD's zooms). */
    public static boolean needsTeacher(Objective objective) {
        return objective.inputs().stream().anyMatch(n -> n.key().startsWith("teacher") || n.key().startsWith("zoom_")
                || n == StepInput.ENCODED_TEACHER);
    }

    /** T, frozen, from {@code teacherWeights} (checked against the architecture its metadata records). */
    private Network teacher(int scale, long seed, Set<StepInput> needed) {
        Path teacherWeights = this.teacherWeights == null ? null : this.teacherWeights.get();
        Network teacher = Network.create("teacher", TrainingSetup.backbone(root, "network_t", components, scale), device,
                teacherWeights == null ? seed + 1 : seed, false, 32);
        try {
            if (teacherWeights != null) {
                String key = "path.pretrain_network_t";
                ArchitectureMatch.require(teacherWeights, TrainingSetup.networkSpec(root, "network_t"), teacher.backbone().scale(), components,
                        root.hasPath(key) ? root.getValue(key).origin() : null, "network_t (with scale " + teacher.backbone().scale() + ")",
                        "set network_t and scale to match the weights");
                try (var m = teacher.manager().newSubManager()) {
                    teacher.load(weights.read(m, teacherWeights, root.getString("path.param_key_t")), true, teacherWeights.toString());
                }
                log.accept(String.format("teacher [%s]: %,d parameters, from %s", teacher.backbone().type(), teacher.parameterCount(), teacherWeights));
            }
            if (needed.contains(StepInput.TEACHER_FEATS) && teacher.backbone().featureTaps().isEmpty()) {
                throw new ConfigProblem(root.getValue("network_t").origin(), "a loss term reads teacher_feats but network_t ["
                        + teacher.backbone().type() + "] declares no feature taps; turn them on (e.g. feature_taps = true for RCAN)");
            }
            return teacher;
        } catch (IOException e) {
            teacher.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            teacher.close();
            throw e;
        }
    }

    private NegativeSampler.Sampler sampler() {
        Config ns = root.getConfig("train.negative_sampler");
        ComponentSpec spec = new ComponentSpec(ns.getString("type"), ns, "train.negative_sampler");
        return components.negativeSamplers().get(spec).create(spec);
    }
}
