package io.dckd.core.pipeline;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import io.dckd.core.config.ConfigProblem;
import io.dckd.core.train.Objective;
import java.util.List;
import java.util.Map;

/**
 * The training section of the {@code teacher} stage: {@code train_teacher}, falling back to
 * {@code train} (which falls back to the defaults), without what belongs to the student only: its
 * loss terms ({@code *_opt}) and the distillation sections. A user who tunes {@code train}'s
 * optimizer or schedule gets the same for the teacher unless {@code train_teacher} says otherwise
 * (a teacher trained with the bare defaults was far behind bicubic and distillation went on).
 */
public final class TeacherTraining {

    /** Sections of {@code train} that only a distillation student uses. */
    private static final List<String> STUDENT_ONLY = List.of("negative_sampler", "history", "upcycle", "noisy");

    private TeacherTraining() {}

    /** True when the teacher stage trains a teacher (no weights are given, a {@code train_teacher} section is). */
    public static boolean trains(Config root) {
        return root.hasPath("train_teacher") && !root.hasPath("path.pretrain_network_t");
    }

    /** {@code train_teacher} over {@code train}'s shared settings. */
    public static Config section(Config root) {
        Config inherited = root.getConfig("train");
        for (Map.Entry<String, ConfigValue> e : inherited.root().entrySet()) {
            String key = e.getKey();
            if ((key.endsWith("_opt") && !key.equals("optim_g")) || STUDENT_ONLY.contains(key)) {
                inherited = inherited.withoutPath(quoted(key));
            }
        }
        Config own = root.getConfig("train_teacher");
        if (!Objective.hasLossSection(own)) {
            throw new ConfigProblem(root.getValue("train_teacher").origin(), "train_teacher has no loss term: add one, e.g."
                    + " train_teacher.pixel_opt { type = L1Loss, loss_weight = 1.0 } (the teacher does not take train's"
                    + " loss terms, which are the student's)");
        }
        return own.withFallback(inherited);
    }

    private static String quoted(String key) {
        return "\"" + key.replace("\"", "\\\"") + "\"";
    }
}
