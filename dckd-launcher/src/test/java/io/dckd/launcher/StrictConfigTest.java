package io.dckd.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dckd.launcher.LauncherCall.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a user mistypes in a run config never runs silently: {@code dckd config -c FILE} (the same
 * loading as {@code dckd train}) exits 2 naming the key, the value, the file:line and what is allowed
 * for non-finite numbers, out-of-range or fractional options, nesting deep enough to overflow the
 * parser's stack and run names that leave {@code experiments_root}; includes that find nothing warn.
 */
class StrictConfigTest {

    @TempDir
    static Path tmp;

    static Result dckd(String... args) {
        return LauncherCall.dckd(tmp.resolve("plugins"), args);
    }

    static Path write(String name, String text) throws Exception {
        return Files.writeString(tmp.resolve(name), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "\"NaN\"", "1e999", "-Infinity"})
    void nonFiniteNumbersAreRefusedWithKeyAndLine(String value) throws Exception {
        Path f = write("nonfinite.conf", "name = t\ntrain {\n  optim_g.lr = " + value + "\n}\n");
        Result r = dckd("config", "-c", f.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("key train.optim_g.lr = ") && r.err().contains("nonfinite.conf:3")
                && r.err().contains("not a finite number"), r.err());
    }

    @Test
    void aConfigNested20000LevelsDeepIsRefusedNamingTheFile() throws Exception {
        Path f = write("deep.conf", "name = t\nx = " + "[".repeat(20_000) + "]".repeat(20_000) + "\n");
        Result r = dckd("config", "-c", f.toString());
        assertEquals(2, r.code(), r.err().substring(0, Math.min(2000, r.err().length())));
        assertTrue(r.err().contains("deep.conf:2") && r.err().contains("nested more than"), r.err());
        assertTrue(r.err().length() < 1000 && !r.err().contains("\tat "), "no stack trace: " + r.err().length() + " chars");

        Path g = write("deep-objects.conf", "name = t\n" + "a { ".repeat(20_000) + "}".repeat(20_000) + "\n");
        Result s = dckd("config", "-c", g.toString());
        assertEquals(2, s.code());
        assertTrue(s.err().contains("deep-objects.conf:2"), s.err());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "train.total_iter = 0 | key train.total_iter = 0 at {file}:3 is out of range: must be an integer >= 1",
        "train.total_iter = -5 | key train.total_iter = -5 at {file}:3 is out of range: must be an integer >= 1",
        "train.ema_decay = 2.5 | key train.ema_decay = 2.5 at {file}:3 is out of range: must be a number in [0, 1]",
        "datasets.train.batch_size_per_gpu = 1.5 | key datasets.train.batch_size_per_gpu = 1.5 at {file}:3 is not an integer: must be an integer in [1, 65536]",
        "network_g { type = edsr-t, num_feat = 0 } | key network_g.num_feat = 0 at {file}:3 is out of range: must be an integer in [1, 4096]",
        "train.pixel_opt { type = L1Loss, loss_weight = -1 } | key train.pixel_opt.loss_weight = -1 at {file}:3 is out of range: must be a number >= 0",
        "train.noisy.prob = 1.5 | key train.noisy.prob = 1.5 at {file}:3 is out of range: must be a number in [0, 1]",
        "train.scheduler.milestones = [100, 2.5] | key train.scheduler.milestones[1] = 2.5 at {file}:3 is not an integer: must be an integer >= 0",
        "train.total_iter = \"lots\" | key train.total_iter = \"lots\" at {file}:3 is not a number: must be an integer >= 1"})
    void outOfRangeOptionsNameKeyValueRangeAndLine(String line, String expected) throws Exception {
        Path f = write("range.conf", "name = t\n\n" + line + "\n");
        Result r = dckd("config", "-c", f.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(expected.replace("{file}", f.toString())), r.err());
    }

    @Test
    void outOfRangeOverrideIsRefusedToo() {
        Result r = dckd("config", "-c", "sr-x4-quick", "--set", "train.total_iter=-5");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("key train.total_iter = -5 at --set train.total_iter=-5 is out of range"), r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"../../../../elsewhere\"", "\"a/b\"", "\"..\"", "\"\""})
    void runNamesThatLeaveExperimentsRootAreRefused(String name) {
        Result r = dckd("config", "-c", "sr-x4-quick", "--set", "name=" + name);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("key name = ") && r.err().contains("plain file name"), r.err());
    }

    @Test
    void aPlainRunNameFromSetStillWorks() {
        Result r = dckd("config", "-c", "sr-x4-quick", "--set", "name=my-run_2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("my-run_2"), r.out());
    }

    @Test
    void includesThatFindNothingWarnWithTheIncludingFileAndLine() throws Exception {
        Path missing = write("inc-missing.conf", "name = t\ninclude \"nothere.conf\"\n");
        Result r = dckd("config", "-c", missing.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("warning: " + missing + ":2: include \"nothere.conf\" includes nothing"), r.err());

        write("settings.txt", "train.total_iter = 9\n");
        Path txt = write("inc-txt.conf", "name = t\n\n\ninclude \"settings.txt\"\n");
        Result s = dckd("config", "-c", txt.toString());
        assertEquals(0, s.code(), s.err());
        assertTrue(s.err().contains(txt + ":4: include \"settings.txt\" includes nothing")
                && s.err().contains("names ending in .conf"), s.err());

        write("part.conf", "train.total_iter = 9\n");
        Path ok = write("inc-ok.conf", "name = t\ninclude \"part.conf\"\n");
        Result t = dckd("config", "-c", ok.toString());
        assertEquals(0, t.code(), t.err());
        assertFalse(t.err().contains("warning"), t.err());
        assertTrue(t.out().contains("total_iter=9") || t.out().contains("total_iter\"=9"), t.out());
    }

    @Test
    void aMissingRequiredIncludeNamesTheIncludingFileAndLine() throws Exception {
        Path f = write("inc-required.conf", "name = t\n\ninclude required(\"nothere.conf\")\n");
        Result r = dckd("config", "-c", f.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(f + ":3: include required(\"nothere.conf\"): no such file"), r.err());
    }
}
