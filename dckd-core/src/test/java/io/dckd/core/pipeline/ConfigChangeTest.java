package io.dckd.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dckd.core.config.RunConfig;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Differences between a run's stored config and the one asked now; archive names. */
class ConfigChangeTest {

    private static final Config RUN = ConfigFactory.parseString("name = a, train { total_iter = 1200, optim_g { lr = 5e-4 } },"
            + " val.val_freq = 400, network_g { type = rcan-s }");

    /** The stored side as the run directory holds it: rendered and parsed back. */
    private static Config stored(Config c) {
        return ConfigFactory.parseString(RunConfig.render(c));
    }

    @Test
    void theSameConfigHasNoChange() {
        assertTrue(ConfigChange.between(stored(RUN), RUN).isEmpty());
    }

    @Test
    void changedAddedAndRemovedKeysAreNamedWithOldAndNewValues() {
        Config now = ConfigFactory.parseString("train.total_iter = 60, network_g.num_feat = 8").withFallback(RUN.withoutPath("val"));
        ConfigChange c = ConfigChange.between(stored(RUN), now);
        assertEquals(List.of(new ConfigChange.Entry("network_g.num_feat", "(absent)", "8"),
                new ConfigChange.Entry("train.total_iter", "1200", "60"),
                new ConfigChange.Entry("val.val_freq", "400", "(absent)")), c.entries());
        assertTrue(c.describe().contains("  train.total_iter: 1200 -> 60\n"), c.describe());
    }

    @Test
    void aKeyANewerVersionDeclaresAtItsDefaultIsNoChange() {
        Config withDefaults = ConfigFactory.parseString("dckd.defaults.run.train { allow_weak_teacher = false, total_iter = 1000 }");
        Config now = ConfigFactory.parseString("train.allow_weak_teacher = false").withFallback(RUN).withFallback(withDefaults);
        assertTrue(ConfigChange.between(stored(RUN), now).isEmpty());
        Config set = ConfigFactory.parseString("train.allow_weak_teacher = true").withFallback(now);
        assertEquals(List.of(new ConfigChange.Entry("train.allow_weak_teacher", "(absent)", "true")),
                ConfigChange.between(stored(RUN), set).entries());
    }

    @Test
    void archiveNamesSayWhenAndNeverCollide(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("sr-x4-quick");
        LocalDateTime t = LocalDateTime.of(2026, 12, 4, 18, 30, 5);
        Path first = ArchivedRun.target(run, t);
        assertEquals("sr-x4-quick_archived_2026-12-04T18-30-05", first.getFileName().toString());
        java.nio.file.Files.createDirectories(first);
        assertEquals("sr-x4-quick_archived_2026-12-04T18-30-05-2", ArchivedRun.target(run, t).getFileName().toString());
    }
}
