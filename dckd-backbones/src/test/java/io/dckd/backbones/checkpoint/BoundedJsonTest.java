package io.dckd.backbones.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bounds of the header reader that {@link HostileCheckpointTest}'s whole files do not reach one by one. */
class BoundedJsonTest {

    private static String refused(String json) {
        return assertThrows(CheckpointFormatException.class, () -> BoundedJson.parse(json, "h.safetensors")).getMessage();
    }

    @Test
    void valuesComeBackTypedAndInOrder() throws CheckpointFormatException {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("z", List.of(1L, -2L, 9_007_199_254_740_993L));
        expected.put("a", Map.of("f", 0.5, "t", true, "s", "\u00e9\n"));
        expected.put("n", null);
        Object got = BoundedJson.parse(" {\"z\":[1,-2,9007199254740993],\"a\":{\"f\":0.5,\"t\":true,\"s\":\"\\u00e9\\n\"},\"n\":null} ", "h");
        assertEquals(expected, got);
        assertEquals(List.of("z", "a", "n"), List.copyOf(((Map<?, ?>) got).keySet()));
    }

    @Test
    void eachBoundIsRefusedWithTheFileAndThePlace() {
        String trailing = refused("{\"w\":1} {}");
        assertTrue(trailing.startsWith("malformed safetensors header in h.safetensors: ") && trailing.contains("at character"), trailing);
        char[] digits = new char[BoundedJson.MAX_NUMBER_LENGTH + 1];
        Arrays.fill(digits, '1');
        assertTrue(refused("{\"w\":0." + new String(digits) + "}").contains("too long"));
        assertTrue(refused("{\"w\":9223372036854775808}").contains("out-of-range number"), "one past Long.MAX_VALUE");
        String depth = "[".repeat(BoundedJson.MAX_DEPTH) + "]".repeat(BoundedJson.MAX_DEPTH);
        assertEquals(List.of(), unwrap(assertDoesNotFail(depth), BoundedJson.MAX_DEPTH - 1), "16 levels are fine");
        assertTrue(refused("[" + depth + "]").contains("nested deeper than 16"));
        assertTrue(refused("{\"a\":{\"k\":1,\"k\":2}}").contains("duplicate key \"k\""));
        assertTrue(refused("{\"w\":NaN}").startsWith("malformed"), "no NaN literals");
        assertTrue(refused("{\"w\":\"a\u0001\"}").startsWith("malformed"), "no raw control characters in strings");
    }

    private static Object assertDoesNotFail(String json) {
        try {
            return BoundedJson.parse(json, "h");
        } catch (CheckpointFormatException e) {
            throw new AssertionError(e);
        }
    }

    private static Object unwrap(Object nested, int levels) {
        Object v = nested;
        for (int i = 0; i < levels; i++) {
            v = ((List<?>) v).get(0);
        }
        return v;
    }
}
