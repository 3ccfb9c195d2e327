package io.dckd.core.train;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** An exploding total loss is told from an ordinary one by the median of the last good steps. */
class LossHistoryTest {

    @Test
    void judgesOnlyAfterEnoughStepsAndAgainstTheMedian() {
        LossHistory h = new LossHistory(50);
        for (int i = 0; i < LossHistory.MIN_STEPS - 1; i++) {
            h.add(0.1);
        }
        assertNull(h.explosion(1e6, 1000), "too few steps to judge");
        h.add(0.1);
        assertNull(h.explosion(99.0, 1000));
        String e = h.explosion(101.0, 1000);
        assertTrue(e != null && e.contains("exploding loss: l_total = 101") && e.contains("median 0.1"), e);
        assertNull(h.explosion(1e9, 0), "factor 0 turns the rule off");
        h.add(1e5); // one large applied step does not move the median
        assertTrue(h.explosion(200.0, 1000) != null);
    }

    @Test
    void theWindowForgetsOldSteps() {
        LossHistory h = new LossHistory(10);
        for (int i = 0; i < 10; i++) {
            h.add(0.001);
        }
        for (int i = 0; i < 10; i++) {
            h.add(10.0);
        }
        assertNull(h.explosion(50.0, 1000), "the early small losses left the window");
    }
}
