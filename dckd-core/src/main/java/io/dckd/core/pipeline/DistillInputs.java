package io.dckd.core.pipeline;

import com.typesafe.config.Config;
import io.dckd.core.spi.StepContext;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The step inputs the distill stage can provide for a config (loss terms that read others are refused at start-up). */
public final class DistillInputs {

    private DistillInputs() {}

    /** Everything a distillation step of {@code root} can compute; the encoded_* inputs need {@code network_vq}. */
    public static Set<String> available(Config root) {
        Set<String> available = new LinkedHashSet<>(List.of(StepContext.LQ, StepContext.GT, StepContext.STUDENT,
                StepContext.TEACHER, StepContext.TEACHER_LCR, StepContext.NEGATIVES, StepContext.STUDENT_FEATS,
                StepContext.TEACHER_FEATS, StepContext.ZOOM_IN_STUDENT, StepContext.ZOOM_IN_TEACHER, StepContext.ZOOM_OUT_STUDENT,
                StepContext.ZOOM_OUT_TEACHER));
        if (root.hasPath("network_vq")) {
            available.addAll(List.of(StepContext.ENCODED_STUDENT, StepContext.ENCODED_TEACHER, StepContext.ENCODED_NEGATIVES));
        }
        return available;
    }
}
