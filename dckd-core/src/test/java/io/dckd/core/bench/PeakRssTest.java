package io.dckd.core.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link PeakRss}: memory touched after {@link PeakRss#start()} shows in the peak and its delta (Linux). */
class PeakRssTest {

    @Test
    void memoryTouchedAfterTheStartCounts() {
        assumeTrue(Files.isWritable(Path.of("/proc/self/clear_refs")), "Linux only");
        PeakRss peak = PeakRss.start();
        ByteBuffer block = ByteBuffer.allocateDirect(64 << 20);
        for (int i = 0; i < block.capacity(); i += 4096) {
            block.put(i, (byte) 1);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        peak.report("x_", out);
        assertTrue(out.containsKey("x_rss_peak_mib") && !out.containsKey("x_rss_peak_skipped"), out.toString());
        double delta = (Double) out.get("x_rss_peak_delta_mib");
        assertTrue(delta >= 48, "64 MiB touched, peak delta " + delta + " MiB");
        assertTrue((Double) out.get("x_rss_peak_mib") >= Rss.mib() - 1, out.toString());
    }
}
