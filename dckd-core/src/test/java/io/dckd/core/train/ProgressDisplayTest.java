package io.dckd.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ProgressDisplayTest {

    private static Map<String, Double> losses(double pix, double cl) {
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("l_pix", pix);
        v.put("l_cl", cl);
        v.put("l_total", pix + cl);
        return v;
    }

    @Test
    void lossMessageShowsTheTotalThenEachTerm() {
        assertEquals("loss 0.05000 (l_pix 0.04000 l_cl 0.01000)", ProgressDisplay.lossMessage(losses(0.04, 0.01)));
        assertEquals("loss 0.1000", ProgressDisplay.lossMessage(Map.of("l_total", 0.1)));
    }

    @Test
    void barKeepsEveryPrintedLineAboveItAndShowsLossesRateAndEta() {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        PrintStream terminal = new PrintStream(screen, true, StandardCharsets.UTF_8);
        PrintStream err = System.err;
        PrintStream out = System.out;
        try (ProgressDisplay d = new ProgressDisplay(ProgressMode.BAR, 0, 8, System::nanoTime, terminal, 200)) {
            assertTrue(d.showsProgressLines());
            d.step(1, losses(0.04, 0.01));
            System.err.println("[iter 1] lr 1e-3 l_pix 0.04");
            d.step(2, Map.of("l_pix", Double.NaN)); // a skipped step: no total, the last losses stay
            System.out.println("[iter 2] val val [ema]: psnr 20.5");
        }
        assertSame(err, System.err, "stderr given back");
        assertSame(out, System.out, "stdout given back");
        String shown = screen.toString(StandardCharsets.UTF_8);
        assertTrue(shown.contains(BarConsole.CLEAR_LINE + "[iter 1] lr 1e-3 l_pix 0.04" + System.lineSeparator()), shown);
        assertTrue(shown.contains(BarConsole.CLEAR_LINE + "[iter 2] val val [ema]: psnr 20.5" + System.lineSeparator()), shown);
        String lastBar = shown.substring(shown.lastIndexOf('\r'));
        assertTrue(lastBar.contains("2/8it"), lastBar);
        // the rate reads "?" within the first second, as the bar library writes it
        assertTrue(Pattern.compile("(\\d\\.\\d\\d|\\?)it/s loss 0.05000 \\(l_pix 0.04000 l_cl 0.01000\\)$").matcher(lastBar.strip()).find(), lastBar);
        assertFalse(shown.contains("NaN"), shown);
    }

    @Test
    void linesAndOffLeaveTheStandardStreamsAlone() {
        PrintStream err = System.err;
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        for (ProgressMode m : new ProgressMode[] {ProgressMode.LINES, ProgressMode.OFF}) {
            try (ProgressDisplay d = new ProgressDisplay(m, 0, 8, () -> 0L, new PrintStream(screen), 80)) {
                d.step(1, losses(0.04, 0.01));
                assertSame(err, System.err);
                assertEquals(m == ProgressMode.LINES, d.showsProgressLines());
            }
        }
        assertEquals(0, screen.size());
    }
}
