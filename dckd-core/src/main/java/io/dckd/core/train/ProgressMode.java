package io.dckd.core.train;

import com.typesafe.config.Config;
import io.dckd.core.config.ConfigProblem;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How training shows its progress on the console ({@code logger.progress}): a bar with the log
 * lines printed above it, a plain line every {@code print_freq} iterations, or nothing (the lines
 * still go to {@code train.log}). {@code auto} picks the bar on a terminal and lines otherwise
 * (pipes, CI logs), where a bar's carriage returns would pile up.
 */
public enum ProgressMode {
    AUTO, BAR, LINES, OFF;

    /** The mode at {@code key} of {@code section}; anything else is a config error at its file:line. */
    public static ProgressMode of(Config section, String key, String path) {
        String v = section.getString(key);
        for (ProgressMode m : values()) {
            if (m.configName().equals(v)) {
                return m;
            }
        }
        throw new ConfigProblem(section.getValue(key).origin(), path + ": unknown progress display '" + v
                + "'; available: " + Arrays.stream(values()).map(ProgressMode::configName).collect(Collectors.joining(", ")));
    }

    /** The concrete mode: {@code auto} becomes the bar when {@code interactive}, lines otherwise. */
    public ProgressMode resolve(boolean interactive) {
        return this != AUTO ? this : interactive ? BAR : LINES;
    }

    /** The name written in configs. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
