package io.dckd.core.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The depth pre-scan counts braces, brackets and dotted key segments, but not inside strings or comments. */
class NestingDepthTest {

    @Test
    void deepBracesAndDottedKeysAreRefusedWithTheLine() {
        String deep = "a = 1\n" + "b { ".repeat(NestingDepth.LIMIT + 1) + "}".repeat(NestingDepth.LIMIT + 1);
        String m = assertThrows(ConfigProblem.class, () -> NestingDepth.require(deep, "x.conf")).getMessage();
        assertTrue(m.contains("x.conf:2: nested more than " + NestingDepth.LIMIT), m);
        String dotted = "k" + ".k".repeat(NestingDepth.LIMIT + 1) + " = 1";
        assertThrows(ConfigProblem.class, () -> NestingDepth.require(dotted, "y.conf"));
    }

    @Test
    void bracesInStringsAndCommentsDoNotCount() {
        String many = "{".repeat(NestingDepth.LIMIT * 2);
        assertDoesNotThrow(() -> NestingDepth.require("a = \"" + many + "\"\n# " + many + "\n// " + many + "\nb = \"\"\"" + many + "\"\"\"\n", "z.conf"));
        assertDoesNotThrow(() -> NestingDepth.require("a { b { c = [1, [2, 3]] } }\nlr = 2e-4\nx.y.z = 0.5\n", "z.conf"));
    }
}
