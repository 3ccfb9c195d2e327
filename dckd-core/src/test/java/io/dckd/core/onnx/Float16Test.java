package io.dckd.core.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The float16 converter: exact round trips, ties to even at every midpoint, overflow, subnormals, NaN. */
class Float16Test {

    @Test
    void everyHalfSurvivesTheRoundTripExactly() {
        for (int i = 0; i < 0x10000; i++) {
            int h = i;
            short bits = (short) h;
            float f = Float16.toFloat(bits);
            if (Float.isNaN(f)) {
                assertTrue(Float.isNaN(Float16.toFloat(Float16.fromFloat(f))), Integer.toHexString(h));
            } else {
                assertEquals(h, Float16.fromFloat(f) & 0xffff, () -> Integer.toHexString(h) + " = " + f);
            }
        }
    }

    @Test
    void knownValues() {
        assertEquals(0x3c00, bits(1f));
        assertEquals(0xc000, bits(-2f));
        assertEquals(0x3555, bits(1f / 3)); // 0.333251953125, the nearest half
        assertEquals(0x7bff, bits(65504f));
        assertEquals(0x0400, bits(0x1p-14f)); // the smallest normal
        assertEquals(0x0001, bits(0x1p-24f)); // the smallest subnormal
        assertEquals(0x8000, bits(-0f));
        assertEquals(1f / 3, Float16.toFloat((short) 0x3555), 1e-4);
        assertEquals(0x1p-24f, Float16.toFloat((short) 1));
        assertEquals(-65504f, Float16.toFloat((short) 0xfbff));
    }

    // each midpoint between neighbouring halves rounds to the even one, and anything off it to the nearer
    @Test
    void midpointsRoundToEvenAndOthersToTheNearest() {
        for (int i = 0; i < 0x7bff; i++) {
            int h = i;
            float lo = Float16.toFloat((short) h);
            float hi = Float16.toFloat((short) (h + 1));
            float mid = (lo + hi) / 2; // 12 significant bits: exact in float32
            int even = (h & 1) == 0 ? h : h + 1;
            assertEquals(even, bits(mid), () -> "midpoint after " + Integer.toHexString(h));
            assertEquals(h, bits(Math.nextDown(mid)), () -> "below the midpoint after " + Integer.toHexString(h));
            assertEquals(h + 1, bits(Math.nextUp(mid)), () -> "above the midpoint after " + Integer.toHexString(h));
            assertEquals(h | 0x8000, bits(-Math.nextDown(mid)), () -> "negative, after " + Integer.toHexString(h));
        }
    }

    @Test
    void overflowBecomesInfinityFrom65520On() {
        assertEquals(0x7bff, bits(Math.nextDown(65520f)));
        assertEquals(0x7c00, bits(65520f)); // the midpoint to the next (absent) half: ties to even, infinity
        assertEquals(0x7c00, bits(1e10f));
        assertEquals(0xfc00, bits(-1e10f));
        assertEquals(0x7c00, bits(Float.POSITIVE_INFINITY));
        assertEquals(0xfc00, bits(Float.NEGATIVE_INFINITY));
        assertEquals(Float.POSITIVE_INFINITY, Float16.toFloat((short) 0x7c00));
    }

    @Test
    void subnormalsRoundAndTinyValuesFlushToZero() {
        assertEquals(0x0000, bits(0x1p-25f)); // half the smallest subnormal: a tie, to even zero
        assertEquals(0x0001, bits(Math.nextUp(0x1p-25f)));
        assertEquals(0x0002, bits(3 * 0x1p-25f)); // 1.5 units: a tie, to even 2
        assertEquals(0x0000, bits(Float.MIN_VALUE));
        assertEquals(0x8000, bits(-1e-30f));
        assertEquals(0x03ff, bits(0x3ffp-24f)); // the largest subnormal
        assertEquals(0x0400, bits(Math.nextDown(0x1p-14f))); // rounds up into the smallest normal
    }

    @Test
    void nanStaysNan() {
        assertTrue(Float.isNaN(Float16.toFloat(Float16.fromFloat(Float.NaN))));
        assertEquals(0x7c00, bits(Float.NaN) & 0x7c00);
        assertTrue((bits(Float.NaN) & 0x3ff) != 0);
    }

    private static int bits(float f) {
        return Float16.fromFloat(f) & 0xffff;
    }
}
