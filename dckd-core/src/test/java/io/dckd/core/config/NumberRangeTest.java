package io.dckd.core.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import org.junit.jupiter.api.Test;

/** Range specs: bounds open and closed, integers refusing fractions and overflow, lists element by element. */
class NumberRangeTest {

    private static Config conf(String text) {
        return ConfigFactory.parseString(text, ConfigParseOptions.defaults().setOriginDescription("t.conf"));
    }

    private static String refusal(String spec, String value) {
        Config c = conf("k = " + value);
        return assertThrows(ConfigProblem.class, () -> NumberRange.parse(spec).check("k", c.root().get("k"))).getMessage();
    }

    private static void accepts(String spec, String value) {
        Config c = conf("k = " + value);
        assertDoesNotThrow(() -> NumberRange.parse(spec).check("k", c.root().get("k")));
    }

    @Test
    void boundsAreInclusiveOrExclusiveAsWritten() {
        accepts("number in [0, 1)", "0");
        assertTrue(refusal("number in [0, 1)", "1").contains("is out of range: must be a number in [0, 1)"));
        accepts("number in (0, 1]", "1");
        refusal("number in (0, 1]", "0");
        accepts("number > 0", "1e-12");
        refusal("number > 0", "0");
        accepts("int <= 3", "3");
        refusal("int < 3", "3");
    }

    @Test
    void integersRefuseFractionsAndOverflow() {
        assertTrue(refusal("int >= 1", "1.5").contains("is not an integer"));
        accepts("int >= 1", "2.0");
        assertTrue(refusal("int >= 1", "3000000000").contains("32-bit"));
        accepts("long >= 1", "3000000000");
        assertTrue(refusal("long >= 1", "9223372036854775808000").contains("64-bit"));
    }

    @Test
    void stringsAreReadAsTypesafeConfigWouldAndNullIsUnset() {
        accepts("int >= 1", "\"5\"");
        assertTrue(refusal("int >= 1", "\"many\"").contains("is not a number"));
        assertTrue(refusal("number", "\"NaN\"").contains("is not a finite number"));
        assertTrue(refusal("number", "true").contains("is not a number"));
        accepts("int >= 1", "null");
    }

    @Test
    void listsAreCheckedElementByElementWithTheIndexInTheMessage() {
        accepts("number in [0, 1)", "[0.9, 0.99]");
        String m = refusal("number in [0, 1)", "[0.9, 1.5]");
        assertEquals("key k[1] = 1.5 at t.conf:1 is out of range: must be a number in [0, 1)", m);
    }

    @Test
    void malformedSpecsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> NumberRange.parse("integer >= 1"));
        assertThrows(IllegalArgumentException.class, () -> NumberRange.parse("int in [1, 2"));
    }
}
