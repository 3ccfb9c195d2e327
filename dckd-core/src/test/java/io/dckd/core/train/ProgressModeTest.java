package io.dckd.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dckd.core.config.ConfigProblem;
import org.junit.jupiter.api.Test;

class ProgressModeTest {

    private static Config logger(String text) {
        return ConfigFactory.parseString(text, com.typesafe.config.ConfigParseOptions.defaults().setOriginDescription("run.conf"));
    }

    @Test
    void readsEachModeByItsConfigName() {
        for (ProgressMode m : ProgressMode.values()) {
            assertEquals(m, ProgressMode.of(logger("progress = " + m.configName()), "progress", "logger.progress"));
        }
    }

    @Test
    void aTypoIsAConfigErrorNamingKeyLineAndChoices() {
        ConfigProblem e = assertThrows(ConfigProblem.class,
                () -> ProgressMode.of(logger("\nprogress = bars"), "progress", "logger.progress"));
        assertTrue(e.getMessage().contains("run.conf: 2"), e.getMessage());
        assertTrue(e.getMessage().contains("logger.progress: unknown progress display 'bars'; available: auto, bar, lines, off"), e.getMessage());
    }

    @Test
    void autoIsTheBarOnATerminalAndLinesElsewhere() {
        assertEquals(ProgressMode.BAR, ProgressMode.AUTO.resolve(true));
        assertEquals(ProgressMode.LINES, ProgressMode.AUTO.resolve(false));
        assertEquals(ProgressMode.OFF, ProgressMode.OFF.resolve(true));
        assertEquals(ProgressMode.BAR, ProgressMode.BAR.resolve(false));
    }
}
