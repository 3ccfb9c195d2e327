package io.dckd.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@code export.weights}: which of the student's weights the export stage writes. {@code best}: the
 * EMA or raw weights with the best validation score seen during training ({@code net_g_best});
 * {@code ema} and {@code raw}: the final weights of that kind.
 */
public enum ExportWeights {
    BEST, EMA, RAW;

    public static final String KEY = "export.weights";

    /** The run's choice; a value other than best, ema or raw is a {@link ConfigProblem} at its file:line. */
    public static ExportWeights of(Config run) {
        if (!run.hasPath(KEY)) {
            return BEST;
        }
        ConfigValue v = run.getValue(KEY);
        String s = String.valueOf(v.unwrapped());
        for (ExportWeights w : values()) {
            if (w.label().equals(s)) {
                return w;
            }
        }
        throw new ConfigProblem("key " + KEY + " = " + v.render(ConfigRenderOptions.concise()) + " at " + Locations.of(v.origin())
                + " is not one of " + Arrays.stream(values()).map(ExportWeights::label).toList());
    }

    /** Checks the run's {@value #KEY} when the config is loaded, not at the end of training. */
    public static void require(Config run) {
        of(run);
    }

    /** best, ema or raw. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
