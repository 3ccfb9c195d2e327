package io.dckd.core.train;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.dckd.core.config.RunConfig;
import io.dckd.core.registry.Components;
import io.dckd.core.registry.UnknownComponentException;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.StepInput;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks, before any stage runs, that every component a loaded run config names exists: the
 * networks (architecture or preset), the task, the loss terms of {@code train} and
 * {@code train_teacher} (built, so their options are checked too), the metrics, the distribution
 * mapper, the negative sampler when a term reads negatives, the optimizer and the scheduler. An
 * unknown type fails as the registry fails: key, file:line, the nearest name and what exists.
 * {@code dckd config} and {@code dckd train} both run it, so a typo ({@code L1loss}) is refused
 * by either at once instead of by the stage that would build it, after hours of training.
 */
public final class ComponentTypeCheck {

    private ComponentTypeCheck() {}

    /** @throws UnknownComponentException (a {@code ConfigProblem}) for the first unknown type */
    public static void check(Config root, Components components) {
        network(root, "network_g", components);
        if (root.hasPath("network_t")) {
            network(root, "network_t", components);
        }
        components.tasks().get(ComponentSpec.at(root, "task"));
        if (root.hasPath("val.metrics")) {
            Config metrics = root.getConfig("val.metrics");
            for (String name : metrics.root().keySet()) {
                components.metrics().get(ComponentSpec.at(root, "val.metrics." + name));
            }
        }
        if (root.hasPath("network_vq")) {
            components.distributionMappers().get(ComponentSpec.at(root, "network_vq"));
        }
        Set<StepInput> inputs = training(root.getConfig("train"), "train", components);
        if (root.hasPath("network_t") && root.hasPath("train_teacher") && !root.hasPath("path.pretrain_network_t")) {
            training(root.getConfig("train_teacher").withFallback(root.getConfig(RunConfig.DEFAULTS + ".train")),
                    "train_teacher", components);
        }
        if (root.hasPath("network_t") && (inputs.contains(StepInput.NEGATIVES) || inputs.contains(StepInput.ENCODED_NEGATIVES))) {
            components.negativeSamplers().get(ComponentSpec.at(root, "train.negative_sampler"));
        }
    }

    /** A network section names an architecture or a preset; the did-you-mean draws on both. */
    private static void network(Config root, String path, Components components) {
        ComponentSpec spec = ComponentSpec.at(root, path);
        if (components.presetNames().contains(spec.type()) || components.backbones().contains(spec.type())) {
            return;
        }
        Set<String> names = new TreeSet<>(components.backbones().names());
        names.addAll(components.presetNames());
        throw new UnknownComponentException(spec, "backbone or preset", names, null);
    }

    /** Optimizer, scheduler and loss terms of one training section; returns what its terms read. */
    private static Set<StepInput> training(Config train, String path, Components components) {
        named(train, path, "optim_g", "optimizer", TrainingSetup.OPTIMIZERS);
        named(train, path, "scheduler", "scheduler", TrainingSetup.SCHEDULERS);
        for (var e : train.root().entrySet()) {
            if (isLossSection(e.getKey(), e.getValue())) {
                return Objective.fromTrain(train, path, components.losses()).inputs();
            }
        }
        return Set.of(); // no term at all: the training stage says so itself
    }

    private static boolean isLossSection(String key, ConfigValue value) {
        return key.endsWith("_opt") && !key.equals("optim_g") && value.valueType() == ConfigValueType.OBJECT;
    }

    private static void named(Config train, String path, String key, String kind, Collection<String> known) {
        if (!train.hasPath(key + ".type")) {
            return;
        }
        ComponentSpec spec = new ComponentSpec(train.getString(key + ".type"), train.getConfig(key), path + "." + key);
        if (!known.contains(spec.type())) {
            throw new UnknownComponentException(spec, kind, known, null);
        }
    }
}
