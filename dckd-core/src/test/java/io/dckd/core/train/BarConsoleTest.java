package io.dckd.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BarConsoleTest {

    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private final BarConsole console = new BarConsole(new PrintStream(screen, true, StandardCharsets.UTF_8), 20);

    private String written() {
        return screen.toString(StandardCharsets.UTF_8).replace(BarConsole.CLEAR_LINE, "<clear>").replace("\r", "<cr>");
    }

    @Test
    void aLineGoesAboveTheBarWhichIsDrawnAgainBelowIt() {
        console.accept("bar 1/8");
        console.printAbove("[iter 1] val PSNR 20.0");
        console.accept("bar 2/8");
        String nl = System.lineSeparator();
        assertEquals("<clear><cr>bar 1/8" + "<clear>[iter 1] val PSNR 20.0" + nl + "<cr>bar 1/8" + "<clear><cr>bar 2/8", written());
    }

    @Test
    void theBarIsTrimmedToTheWidthButLinesAboveAreNot() {
        console.accept("0123456789012345678901234");
        console.printAbove("a line longer than twenty characters");
        assertEquals("<clear><cr>01234567890123456789<clear>a line longer than twenty characters" + System.lineSeparator()
                + "<cr>01234567890123456789", written());
    }

    @Test
    void beforeAnyBarOnlyTheLineIsPrinted() {
        console.printAbove("hello");
        assertEquals("<clear>hello" + System.lineSeparator(), written());
    }
}
