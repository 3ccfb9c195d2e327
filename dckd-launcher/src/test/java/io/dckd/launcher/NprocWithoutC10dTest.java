package io.dckd.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code dckd train --nproc N} where the optional dckd-c10d jars are not installed (the default distribution). */
class NprocWithoutC10dTest {

    @RegisterExtension
    static final TinyRun tiny = TinyRun.perClass();

    @TempDir
    Path empty;

    @Test
    void withoutTheC10dJarsItIsExitTwoWithHowToGetThem() {
        TinyRun.Result r = tiny.train("--nproc", "2");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--nproc needs the optional data-parallel module dckd-c10d"), r.err());
        assertTrue(r.err().contains(tiny.home.resolve("lib/c10d").toAbsolutePath().toString()), r.err());
        assertTrue(r.err().contains("mvn -B -ntp -pl dckd-plugins/c10d -am -DskipTests package"), r.err());
        assertFalse(Files.exists(tiny.run("tiny")), "a run directory was made");

        TinyRun.Result other = tiny.train("--nproc", "2", "--c10d-dir", empty.toString());
        assertEquals(2, other.code(), other.err());
        assertTrue(other.err().contains(empty.toAbsolutePath() + " holds no dckd-c10d jar"), other.err());
    }

    @Test
    void nprocBelowOneIsAUsageError() {
        TinyRun.Result r = tiny.train("--nproc", "0");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--nproc must be at least 1, not 0"), r.err());
    }
}
