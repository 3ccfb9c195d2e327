package io.dckd.core.pipeline;

import com.typesafe.config.Config;
import io.dckd.core.spi.StepInput;
import java.util.EnumSet;
import java.util.Set;

/** The step inputs the distill stage can provide for a config (loss terms that read others are refused at start-up). */
public final class DistillInputs {

    private DistillInputs() {}

    /** Everything a distillation step of {@code root} can compute; the encoded_* inputs need {@code network_vq}. */
    public static Set<StepInput> available(Config root) {
        Set<StepInput> available = EnumSet.allOf(StepInput.class);
        if (!root.hasPath("network_vq")) {
            available.removeIf(StepInput::encoded);
        }
        return available;
    }
}
