package io.dckd.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineForwarderTest {

    @Test
    void handsOverCompleteLinesAndTheLastPartialOneOnClose() {
        List<String> lines = new ArrayList<>();
        LineForwarder f = new LineForwarder(lines::add, StandardCharsets.UTF_8);
        PrintStream ps = new PrintStream(f, true, StandardCharsets.UTF_8);
        ps.print("[iter 4] val ");
        assertEquals(List.of(), lines);
        ps.print("PSNR 25.1 dB\nwarn\u00e9: x\r\ntail");
        assertEquals(List.of("[iter 4] val PSNR 25.1 dB", "warn\u00e9: x"), lines);
        ps.close();
        assertEquals(List.of("[iter 4] val PSNR 25.1 dB", "warn\u00e9: x", "tail"), lines);
    }
}
