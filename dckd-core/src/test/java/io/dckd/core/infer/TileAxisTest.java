package io.dckd.core.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tile starts and feather weights along one axis. */
class TileAxisTest {

    @ParameterizedTest
    @CsvSource({"101, 40, 1, 5, 3, 2", "1000, 96, 8, 13, 6, 4", "77, 64, 8, 13, 6, 1", "30, 64, 8, 13, 6, 3"})
    void weightsAddUpToOneAndVanishNearInnerEdges(int size, int tile, int multiple, int context, int feather, int scale) {
        TileAxis axis = new TileAxis(size, tile, multiple, context, feather, scale);
        double[] total = new double[size * scale];
        for (int i = 0; i < axis.count(); i++) {
            assertEquals(0, axis.start(i) % multiple, "aligned start");
            float[] w = axis.weights(i);
            assertEquals(axis.length(i) * scale, w.length);
            for (int p = 0; p < w.length; p++) {
                total[axis.start(i) * scale + p] += w[p];
                boolean nearInner = (i > 0 && p < context * scale) || (i < axis.count() - 1 && w.length - 1 - p < context * scale);
                if (nearInner) {
                    assertEquals(0f, w[p], "no weight within the context of an inner edge");
                }
            }
        }
        assertEquals(size, axis.start(axis.count() - 1) + axis.length(axis.count() - 1), "last tile flush with the border");
        for (double t : total) {
            assertEquals(1.0, t, 1e-5);
        }
        assertTrue(axis.maxLength() <= Math.max(tile + multiple - 1, Math.min(size, tile)) || size <= tile);
    }
}
