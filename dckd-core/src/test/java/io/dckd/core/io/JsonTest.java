package io.dckd.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    private static Map<String, Object> record() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "train");
        m.put("iter", 12L);
        m.put("z_last", 3);
        m.put("lr", 1e-4);
        m.put("l_pix", 0.123456789f);
        m.put("nan", Double.NaN);
        m.put("inf", Double.NEGATIVE_INFINITY);
        m.put("ok", true);
        m.put("none", null);
        m.put("text", "a \"quoted\"\\ line\nwith\ttab \u0001");
        m.put("file", Path.of("/runs/x/metrics.jsonl"));
        return m;
    }

    @Test
    void aRecordIsOneLineInInsertionOrderWithEightSignificantDigitsAndNullForNonFinite() {
        assertEquals("{\"kind\":\"train\",\"iter\":12,\"z_last\":3,\"lr\":0.00010000000,\"l_pix\":0.12345679,\"nan\":null,\"inf\":null,"
                + "\"ok\":true,\"none\":null,\"text\":\"a \\\"quoted\\\"\\\\ line\\nwith\\ttab \\u0001\",\"file\":\"/runs/x/metrics.jsonl\"}",
                Json.line(record()));
    }

    @Test
    void aRecordReadsBackInFileOrder() throws IOException {
        Map<String, Object> back = Json.readObject(Json.line(record()));
        assertEquals(new ArrayList<>(record().keySet()), new ArrayList<>(back.keySet()), "key order kept");
        assertEquals(12, ((Number) back.get("iter")).longValue());
        assertEquals(1e-4, ((Number) back.get("lr")).doubleValue(), 0);
        assertEquals(0.12345679, ((Number) back.get("l_pix")).doubleValue(), 0);
        assertEquals(null, back.get("nan"), "NaN written as null");
        assertTrue(back.containsKey("nan"));
        assertEquals(record().get("text"), back.get("text"), "escapes round-trip");
        assertEquals("/runs/x/metrics.jsonl", back.get("file"));
        assertEquals(Boolean.TRUE, back.get("ok"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void nestedMapsAndListsKeepTheirOrder() throws IOException {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("psnr", 28.5);
        inner.put("ms_per_image", 4.0);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", "x");
        doc.put("sets", Map.of("val", inner));
        doc.put("per_seed", List.of(1.5, 2.25));
        String line = Json.line(doc);
        assertEquals("{\"name\":\"x\",\"sets\":{\"val\":{\"psnr\":28.500000,\"ms_per_image\":4.0000000}},\"per_seed\":[1.5000000,2.2500000]}", line);
        Map<String, Object> sets = (Map<String, Object>) Json.readObject(line).get("sets");
        assertEquals(Map.of("val", Map.of("psnr", 28.5, "ms_per_image", 4.0)), sets);
        assertEquals(List.of("psnr", "ms_per_image"), new ArrayList<>(((Map<String, Object>) sets.get("val")).keySet()));
    }

    @Test
    void aPrettyDocumentKeepsFullPrecisionAndNamesNonFiniteNumbers() throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("psnr", 40.86591300624506);
        doc.put("identical", Double.POSITIVE_INFINITY);
        doc.put("images", List.of(Map.of("name", "x")));
        String text = Json.pretty(doc);
        assertEquals("{\n  \"psnr\": 40.86591300624506,\n  \"identical\": \"Infinity\",\n  \"images\": [\n    {\n      \"name\": \"x\"\n    }\n  ]\n}\n",
                text);
        Map<String, Object> back = Json.readObject(text);
        assertEquals(40.86591300624506, back.get("psnr"));
        assertEquals("Infinity", back.get("identical"));
    }

    @Test
    void anythingButOneWholeObjectIsRefused() {
        assertThrows(IOException.class, () -> Json.readObject("{\"kind\":\"train\",\"iter\":5"), "torn line");
        assertThrows(IOException.class, () -> Json.readObject("{\"a\":1} {\"b\":2}"), "two objects");
        assertThrows(IOException.class, () -> Json.readObject("[1,2]"), "not an object");
        assertThrows(IOException.class, () -> Json.readObject("null"), "null");
        assertThrows(IOException.class, () -> Json.readObject(""), "empty");
    }
}
