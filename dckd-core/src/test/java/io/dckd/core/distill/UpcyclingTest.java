package io.dckd.core.distill;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import com.typesafe.config.ConfigFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UpcyclingTest {

    @Test
    void zoomInTilesAreLrSizedCropsOfEachSamplesGt() {
        try (NDManager m = NDManager.newBaseManager()) {
            // every GT pixel holds its own (sample, y, x) code, so a tile tells where it came from
            NDArray gt = m.arange(2 * 3 * 16 * 16).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).reshape(2, 3, 16, 16);
            Upcycling u = new Upcycling(3, 4);
            NDArray tiles = u.zoomIn(gt, 4, 4, new SplittableRandom(7));
            assertEquals(new Shape(6, 3, 4, 4), tiles.getShape());
            for (int t = 0; t < 6; t++) {
                int sample = t / 3;
                float corner = tiles.get(new NDIndex("{}, 0, 0, 0", t)).getFloat();
                int offset = (int) corner - sample * 3 * 256;
                int y = offset / 16;
                int x = offset % 16;
                assertTrue(offset >= 0 && offset < 256 && y <= 12 && x <= 12, "tile " + t + " comes from its own sample");
                NDArray expected = gt.get(new NDIndex("{}, :, {}:{}, {}:{}", sample, y, y + 4, x, x + 4));
                assertArrayEquals(expected.toFloatArray(), tiles.get(t).toFloatArray());
            }
            // the same generator state gives the same tiles; another gives others
            assertArrayEquals(tiles.toFloatArray(), u.zoomIn(gt, 4, 4, new SplittableRandom(7)).toFloatArray());
            assertNotEquals(tiles.sum().getFloat(), u.zoomIn(gt, 4, 4, new SplittableRandom(8)).sum().getFloat());
        }
    }

    @Test
    void zoomOutShrinksLqByTheScaleAndKeepsAFlatImageFlat() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray lq = m.full(new Shape(2, 3, 32, 24), 0.25f);
            NDArray small = new Upcycling(1, 4).zoomOut(lq);
            assertEquals(new Shape(2, 3, 8, 6), small.getShape());
            assertTrue(small.sub(0.25f).abs().max().getFloat() < 1e-6f);
            assertThrows(IllegalArgumentException.class, () -> new Upcycling(1, 4).zoomOut(m.zeros(new Shape(1, 3, 2, 2))));
        }
    }

    @Test
    void nGtSubMustBePositive() {
        assertEquals(2, Upcycling.from(ConfigFactory.parseString("n_gt_sub = 2"), 4).nGtSub());
        assertThrows(RuntimeException.class, () -> Upcycling.from(ConfigFactory.parseString("n_gt_sub = 0"), 4));
    }
}
