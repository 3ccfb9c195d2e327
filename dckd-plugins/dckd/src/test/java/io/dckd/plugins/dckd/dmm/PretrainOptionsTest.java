package io.dckd.plugins.dckd.dmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.dckd.core.spi.ComponentSpec;
import org.junit.jupiter.api.Test;

class PretrainOptionsTest {

    private static PretrainOptions read(String hocon) {
        return DmmOptions.from(ComponentSpec.of("DMM", ConfigFactory.parseString(hocon))).pretrain();
    }

    @Test
    void defaultsKeepTheQuickPipelinesRecipe() {
        PretrainOptions p = read("");
        assertFalse(p.kmeansInit());
        assertEquals(0, p.warmupIter());
        assertEquals(0, p.mseWeight());
        assertFalse(p.cosineLr());
        assertEquals(p.lr(), p.lrAt(p.totalIter()));
    }

    @Test
    void cosineScheduleFallsFromLrToNearZero() {
        PretrainOptions p = read("pretrain { total_iter = 100, lr = 2e-3, lr_schedule = cosine, kmeans_init = true, warmup_iter = 10 }");
        assertTrue(p.kmeansInit());
        assertEquals(10, p.warmupIter());
        assertEquals(2e-3, p.lrAt(1), 1e-12);
        assertEquals(1e-3, p.lrAt(51), 1e-12);
        assertTrue(p.lrAt(100) > 0 && p.lrAt(100) < 1e-5, "last step " + p.lrAt(100));
        for (int t = 2; t <= 100; t++) {
            assertTrue(p.lrAt(t) < p.lrAt(t - 1), "decreasing at " + t);
        }
    }
}
