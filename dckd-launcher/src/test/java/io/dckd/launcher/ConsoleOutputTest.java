package io.dckd.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code dckd train} shows on the console: piped (a child JVM) and with the bar forced (in process). */
class ConsoleOutputTest {

    /** "[iter N] ... eta H:MM:SS (x.xx it/s)". */
    private static final Pattern PROGRESS_LINE = Pattern.compile("\\[iter (\\d+)] lr \\S+ l_pix \\S+ l_total \\S+ .*eta \\d+:\\d\\d:\\d\\d \\(\\d+\\.\\d\\d it/s\\)");

    @TempDir
    Path home;

    @Test
    void pipedOutputHasAProgressLineWithEtaEveryPrintFreqAndNoLibtorchDeprecationWarning() throws Exception {
        TinyRun tiny = new TinyRun(home);
        Path out = home.resolve("stdout.txt");
        Path err = home.resolve("stderr.txt");
        Process child = ChildRuns.start(home, tiny.trainArgs("--set", "logger.print_freq=2", "--set", "val.val_freq=4"), out, err);
        assertTrue(child.waitFor(180, TimeUnit.SECONDS), "the child finished");
        String stderr = Files.readString(err);
        assertEquals(0, child.exitValue(), stderr);
        // everything else still reaches stderr: the log lines (slf4j writes them there)
        assertTrue(stderr.contains("INFO dckd - Training iterations 1..8"), stderr);
        assertTrue(stderr.contains("val val [ema]"), stderr);
        assertFalse(stderr.contains("AutoNonVariableTypeMode"), "libtorch's deprecation warning: " + stderr);
        assertFalse(stderr.contains("\r"), "no bar in a pipe");
        var m = PROGRESS_LINE.matcher(stderr);
        StringBuilder iters = new StringBuilder();
        while (m.find()) {
            iters.append(m.group(1)).append(' ');
        }
        assertEquals("2 4 6 8 ", iters.toString(), stderr);
    }

    @Test
    void theForcedBarKeepsProgressAndValidationLinesAboveIt() throws Exception {
        TinyRun tiny = new TinyRun(home);
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        TinyRun.Result r;
        System.setErr(new PrintStream(screen, true, StandardCharsets.UTF_8));
        try {
            r = tiny.train("--set", "logger.progress=bar", "--set", "logger.print_freq=4", "--set", "val.val_freq=4");
        } finally {
            System.setErr(saved);
        }
        String shown = screen.toString(StandardCharsets.UTF_8);
        assertEquals(0, r.code(), r.err() + shown);
        for (int it : new int[] {4, 8}) {
            assertTrue(Pattern.compile("\u001b\\[2K\\S+ INFO dckd - " + PROGRESS_LINE.pattern().replace("(\\d+)", String.valueOf(it)) + "\\R")
                    .matcher(shown).find(), "progress line of iteration " + it + " on its own line: " + shown);
            assertTrue(Pattern.compile("\u001b\\[2K\\S+ INFO dckd - \\[iter " + it + "] val val \\[ema]: \\w+ \\S+ \\(baseline \\S+\\).*\\R")
                    .matcher(shown).find(), "validation line of iteration " + it + ": " + shown);
        }
        String lastBar = shown.substring(shown.lastIndexOf('\r'));
        assertTrue(Pattern.compile("8/8it .*it/s loss \\d\\.\\d+ \\(l_pix \\d\\.\\d+\\)").matcher(lastBar).find(), lastBar);
        assertFalse(shown.contains("NaN"), shown);
    }
}
