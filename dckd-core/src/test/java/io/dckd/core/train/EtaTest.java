package io.dckd.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EtaTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void rateAndTimeLeftFromTheIterationsDoneSoFar() {
        AtomicLong now = new AtomicLong(5 * SECOND);
        Eta eta = new Eta(0, 1000, now::get);
        now.addAndGet(40 * SECOND);
        assertEquals("eta 0:06:00 (2.50 it/s)", eta.describe(100));
    }

    @Test
    void aResumedRunCountsOnlyTheIterationsOfThisProcess() {
        AtomicLong now = new AtomicLong();
        Eta eta = new Eta(900, 1000, now::get);
        now.addAndGet(10 * SECOND);
        assertEquals("eta 0:00:40 (2.00 it/s)", eta.describe(920));
    }

    @Test
    void unknownBeforeTheFirstIteration() {
        Eta eta = new Eta(10, 20, () -> 0L);
        assertEquals("eta ?", eta.describe(10));
    }

    @Test
    void clockFormatsHoursMinutesSeconds() {
        assertEquals("0:00:09", Eta.clock(9));
        assertEquals("1:01:01", Eta.clock(3661));
        assertEquals("27:46:40", Eta.clock(100_000));
    }
}
