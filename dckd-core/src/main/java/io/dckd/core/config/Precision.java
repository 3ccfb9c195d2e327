package io.dckd.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code precision.frozen} and {@code precision.student}: the number format a network computes in.
 * The frozen networks (teacher, history model, encoder on the teacher's output and the negatives) run
 * without gradients, so they can compute in bf16 or fp16 with their weights cast once and their
 * outputs cast back to fp32 before any loss. The student computes in bf16 with fp32 master weights
 * (its weights cast per pass, its outputs cast back to fp32 before the losses, E(S(x)) included).
 */
public enum Precision {
    FP32, BF16, FP16;

    public static final String FROZEN = "precision.frozen";
    public static final String STUDENT = "precision.student";

    /** The run's {@value #FROZEN} (fp32 when absent); another value is a {@link ConfigProblem} at its file:line. */
    public static Precision frozen(Config run) {
        return read(run, FROZEN, List.of(values()));
    }

    /**
     * The run's {@value #STUDENT} (fp32 when absent): {@code bf16} is bf16 compute in the trained
     * network's training forwards with fp32 master weights, Adam state and losses
     * ({@code io.dckd.core.train.Network#trainIn}); fp16 is not an option for the student.
     */
    public static Precision student(Config run) {
        return read(run, STUDENT, List.of(FP32, BF16));
    }

    /** Checks both keys when the config is loaded. */
    public static void require(Config run) {
        frozen(run);
        student(run);
    }

    private static Precision read(Config run, String key, List<Precision> allowed) {
        if (!run.hasPath(key)) {
            return FP32;
        }
        ConfigValue v = run.getValue(key);
        String s = String.valueOf(v.unwrapped());
        for (Precision p : allowed) {
            if (p.label().equals(s)) {
                return p;
            }
        }
        throw new ConfigProblem("key " + key + " = " + v.render(ConfigRenderOptions.concise()) + " at " + Locations.of(v.origin())
                + " is not one of " + allowed.stream().map(Precision::label).toList());
    }

    /** fp32, bf16 or fp16. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The labels of all values. */
    public static List<String> labels() {
        return Arrays.stream(values()).map(Precision::label).toList();
    }
}
