package io.dckd.core.parallel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dckd.core.data.Batch;
import org.junit.jupiter.api.Test;

class DataShardTest {

    private static Batch numbered(int n) {
        float[] lq = new float[n * 3 * 2 * 2];
        float[] gt = new float[n * 3 * 4 * 4];
        for (int i = 0; i < lq.length; i++) {
            lq[i] = i;
        }
        for (int i = 0; i < gt.length; i++) {
            gt[i] = -i;
        }
        return new Batch(n, 2, 2, lq, 4, 4, gt);
    }

    @Test
    void theShardsTogetherAreTheGlobalBatchInRankOrder() {
        Batch global = numbered(6);
        Batch r0 = new DataShard(0, 3).of(global);
        Batch r2 = new DataShard(2, 3).of(global);
        assertEquals(2, r0.size());
        assertEquals(0f, r0.lq()[0]);
        assertEquals(4 * 12f, r2.lq()[0]);
        assertEquals(-4 * 48f, r2.gt()[0]);
        float[] joined = new float[global.lq().length];
        for (int r = 0; r < 3; r++) {
            float[] part = new DataShard(r, 3).of(global).lq();
            System.arraycopy(part, 0, joined, r * part.length, part.length);
        }
        assertArrayEquals(global.lq(), joined);
        assertEquals(6, new DataShard(1, 3).globalBatch(2));
    }

    @Test
    void refusesAnUnevenSplitAndABadRank() {
        assertThrows(IllegalArgumentException.class, () -> new DataShard(0, 4).of(numbered(6)));
        assertThrows(IllegalArgumentException.class, () -> new DataShard(2, 2));
    }
}
