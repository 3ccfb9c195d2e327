package io.dckd.launcher;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.dckd.core.config.ConfigProblem;
import io.dckd.core.config.Precision;
import io.dckd.core.pipeline.DistillInputs;
import io.dckd.core.pipeline.Pipeline;
import io.dckd.core.pipeline.StudentOnnx;
import io.dckd.core.pipeline.TeacherTraining;
import io.dckd.core.registry.Components;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.RestorationTask;
import io.dckd.core.spi.StepInput;
import io.dckd.core.train.Network;
import io.dckd.core.train.Objective;
import io.dckd.core.train.TrainingSetup;
import io.dckd.tasks.data.ImageFolder;
import io.dckd.tasks.data.TrainOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks of a run config that need no run directory, done before {@code dckd train} creates or
 * touches one: stage names, the task, every dataset folder (exists and holds images), the networks,
 * the loss terms of the student and of the teacher, scheduler, metrics, the negative sampler and
 * distribution mapper a term needs, every weights file named, and that {@code network_g} renders as
 * ONNX when the export stage writes an ONNX model. A mistake found here exits 2 and
 * leaves no run directory behind (found late, it used to leave one that the next try archived).
 */
public final class RunPreflight {

    private static final Set<String> STAGES = Set.of("train", "teacher", "codebook", "distill", "evaluate", "export");

    private RunPreflight() {}

    /** Throws a configuration error (exit 2) for the first problem found. */
    public static void check(Config root, Components components) {
        for (String stage : Pipeline.stagesOf(root)) {
            if (!STAGES.contains(stage)) {
                throw new ConfigProblem(root.getValue("stages").origin(), "unknown stage '" + stage + "'; stages: " + STAGES);
            }
        }
        RestorationTask task = TrainingSetup.task(root, components);
        datasets(root, task.scale());
        Precision studentPrecision = Precision.student(root);
        Network.requireTrainableIn(TrainingSetup.backbone(root, "network_g", components, task.scale()).type(), studentPrecision, "student");
        if (Pipeline.stagesOf(root).contains("export")) {
            StudentOnnx.requireRenderable(root, components, task.scale());
        }
        TrainingSetup.metrics(root, task, components);
        weightsFile(root, "path.pretrain_network_g");
        Objective student = objective(root.getConfig("train"), "train", components);
        if (root.hasPath("network_t")) {
            String teacherType = TrainingSetup.backbone(root, "network_t", components, task.scale()).type();
            weightsFile(root, "path.pretrain_network_t");
            if (TeacherTraining.trains(root)) {
                Network.requireTrainableIn(teacherType, studentPrecision, "teacher"); // the teacher stage trains it in that precision
                objective(TeacherTraining.section(root), "train_teacher", components);
            } else if (!root.hasPath("path.pretrain_network_t")) {
                throw new ConfigProblem(root.getValue("network_t").origin(),
                        "network_t needs either path.pretrain_network_t (weights) or a train_teacher section (train it first)");
            }
            student.requireInputs(DistillInputs.available(root));
            distillationComponents(root, student, components);
        }
    }

    private static Objective objective(Config train, String path, Components components) {
        TrainingSetup.scheduler(train.getConfig("scheduler"), train.getConfig("optim_g").getDouble("lr"));
        return Objective.fromTrain(train, path, components.losses());
    }

    /** The negative sampler and distribution mapper, when some term reads what they make. */
    private static void distillationComponents(Config root, Objective objective, Components components) {
        Set<StepInput> needed = objective.inputs();
        if (needed.contains(StepInput.NEGATIVES) || needed.contains(StepInput.ENCODED_NEGATIVES)) {
            Config ns = root.getConfig("train.negative_sampler");
            components.negativeSamplers().get(new ComponentSpec(ns.getString("type"), ns, "train.negative_sampler"));
        }
        if (needed.stream().anyMatch(StepInput::encoded)) {
            Config vq = root.getConfig("network_vq");
            components.distributionMappers().get(new ComponentSpec(vq.getString("type"), vq, "network_vq"));
            if (vq.hasPath("pretrain_network_vqgan")) {
                weightsFile(root, "network_vq.pretrain_network_vqgan");
            }
        }
    }

    /** The training section's options and folders, and every other set's folders. */
    private static void datasets(Config root, int scale) {
        Config datasets = root.getConfig("datasets");
        if (datasets.hasPath("train")) {
            TrainOptions.from(datasets.getConfig("train"), "datasets.train", scale);
        }
        for (Map.Entry<String, ConfigValue> e : datasets.root().entrySet()) {
            if (e.getValue().valueType() != ConfigValueType.OBJECT) {
                continue;
            }
            Config set = datasets.getConfig(e.getKey());
            for (String key : List.of("dataroot_gt", "dataroot_lq")) {
                if (set.hasPath(key)) {
                    ImageFolder.list(Path.of(set.getString(key)), "datasets." + e.getKey() + "." + key, set.getValue(key).origin());
                }
            }
        }
    }

    private static void weightsFile(Config root, String key) {
        if (root.hasPath(key) && !Files.isRegularFile(Path.of(root.getString(key)))) {
            throw new ConfigProblem(root.getValue(key).origin(), key + ": no such file " + Path.of(root.getString(key)).toAbsolutePath());
        }
    }
}
