package io.dckd.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fused state check names what is wrong: NaN, Inf, or a magnitude past the limit. */
class StateGuardTest {

    @Test
    void maxAbsOverManyTensorsPropagatesNanAndInf() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {1, -7, 3}, new Shape(3));
            NDArray b = m.create(new float[] {2, 5, -4, 0.5f}, new Shape(2, 2));
            assertEquals(7.0, StateGuard.maxAbs(List.of(a, b)), 0);
            NDArray n = m.create(new float[] {1, Float.NaN}, new Shape(2));
            assertTrue(Double.isNaN(StateGuard.maxAbs(List.of(a, n, b))));
            NDArray i = m.create(new float[] {Float.NEGATIVE_INFINITY, 1}, new Shape(2));
            assertEquals(Double.POSITIVE_INFINITY, StateGuard.maxAbs(List.of(a, i)));
        }
    }

    @Test
    void checkNamesTheOffendingTensor() {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> named = new LinkedHashMap<>();
            named.put("conv.weight", m.create(new float[] {0.1f, -0.2f}, new Shape(2)));
            named.put("conv.bias", m.create(new float[] {0.3f}, new Shape(1)));
            assertNull(StateGuard.check(named, 1e4, "weight"));
            named.put("tail.weight", m.create(new float[] {2e10f, 1}, new Shape(2)));
            String big = StateGuard.check(named, 1e4, "weight");
            assertTrue(big.contains("tail.weight") && big.contains("2.00e+10"), big);
            named.put("head.weight", m.create(new float[] {Float.NaN}, new Shape(1)));
            String nan = StateGuard.check(named, Double.POSITIVE_INFINITY, "weight");
            assertTrue(nan.contains("non-finite weight head.weight (NaN)"), nan);
        }
    }

    @Test
    void gradientsFromBackwardAreReadCorrectly() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {1, 2, 3}, new Shape(3));
            w.setRequiresGradient(true);
            try (var gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                gc.backward(w.mul(w).sum());
            }
            try (NDArray g = w.getGradient()) {
                assertEquals(6.0, StateGuard.maxAbs(List.of(g)), 1e-6);
            }
        }
    }
}
