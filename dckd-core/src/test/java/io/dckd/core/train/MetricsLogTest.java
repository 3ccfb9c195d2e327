package io.dckd.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {

    @TempDir
    Path dir;

    /** A validation record exactly as the hand-written writer of dckd 0.1 put it in metrics.jsonl. */
    private static final String OLD_LINE = "{\"kind\":\"val\",\"iter\":600,\"set\":\"val\",\"weights\":\"ema\",\"psnr\":28.123457,"
            + "\"ssim\":0.81234568,\"baseline_psnr\":null,\"ms_per_image\":4.2000000}";

    private static Map<String, Object> train(long iter) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("kind", "train");
        r.put("iter", iter);
        r.put("lr", 2e-4);
        r.put("l_pix", 0.05f);
        return r;
    }

    @Test
    void recordsAreWrittenAsBeforeAndReadBackAsDoubles() throws IOException {
        Path file = dir.resolve("metrics.jsonl");
        Files.writeString(file, OLD_LINE + "\n");
        try (MetricsLog log = new MetricsLog(file)) {
            log.write(train(601));
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals("{\"kind\":\"train\",\"iter\":601,\"lr\":0.00020000000,\"l_pix\":0.050000001}", lines.get(1));
        List<Map<String, Object>> back = MetricsLog.read(file);
        assertEquals(600.0, back.get(0).get("iter"), "numbers as doubles");
        assertEquals(28.123457, back.get(0).get("psnr"));
        assertTrue(back.get(0).containsKey("baseline_psnr") && back.get(0).get("baseline_psnr") == null);
        assertEquals(List.of("kind", "iter", "lr", "l_pix"), List.copyOf(back.get(1).keySet()));
    }

    @Test
    void aTornLastLineIsIgnoredAndDroppedOnResume() throws IOException {
        Path file = dir.resolve("metrics.jsonl");
        Files.writeString(file, MetricsLog.toJson(train(1)) + "\n" + MetricsLog.toJson(train(2)) + "\n" + MetricsLog.toJson(train(3)) + "\n"
                + "{\"kind\":\"train\",\"iter\":4,\"l");
        assertEquals(3, MetricsLog.read(file).size());
        MetricsLog.truncateAfter(file, 2);
        assertEquals(List.of(MetricsLog.toJson(train(1)), MetricsLog.toJson(train(2))), Files.readAllLines(file));
    }

    @Test
    void aBrokenLineBeforeTheLastIsAnError() throws IOException {
        Path file = Files.writeString(dir.resolve("metrics.jsonl"), "{\"iter\":1,\n" + MetricsLog.toJson(train(2)) + "\n");
        IOException e = assertThrows(IOException.class, () -> MetricsLog.read(file));
        assertTrue(e.getMessage().contains("metrics.jsonl:1: not a JSON record"), e.getMessage());
    }
}
