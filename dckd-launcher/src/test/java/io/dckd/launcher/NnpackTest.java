package io.dckd.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * libtorch's "Could not initialize NNPACK!" (printed by native code for each small convolution on CPUs
 * without NNPACK: 74 lines for one rcan-s restore of a 16x16 image before the switch) stays off the
 * console, and only that: the command's own output is all there.
 */
class NnpackTest {

    @TempDir
    Path home;

    @Test
    void libtorchReportsNnpackOffOnceTheEngineIsPrepared() {
        Engines.prepare();
        assertTrue(Nnpack.loadedLibTorchCpu().isPresent(), "libtorch_cpu is mapped into the process");
        assertTrue(Nnpack.disable(), "at::globalContext().userEnabledNNPACK() is false");
    }

    @Test
    void aRestoreThroughChannelAttentionPrintsNoNnpackWarning() throws Exception {
        Path out = home.resolve("out.txt");
        Path err = home.resolve("err.txt");
        Process child = ChildRuns.start(home, List.of("bench", "--mode", "restore", "--student", "rcan-s", "--patch", "16",
                "--warmup", "1", "--steps", "1"), out, err);
        assertTrue(child.waitFor(180, TimeUnit.SECONDS), "the child finished");
        String stderr = Files.readString(err);
        String stdout = Files.readString(out);
        assertEquals(0, child.exitValue(), stderr);
        assertTrue(stdout.contains("\"network\":\"rcan-s\""), stdout);
        assertFalse(stderr.contains("NNPACK"), stderr);
    }
}
