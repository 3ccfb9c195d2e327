package io.dckd.core.distill;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.typesafe.config.ConfigFactory;
import io.dckd.core.spi.Backbone;
import io.dckd.core.train.Network;
import io.dckd.core.train.TinyNetworks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryModelTest {

    static Backbone tiny() {
        return TinyNetworks.conv();
    }

    @Test
    void officialScheduleFiresAtTheRightIterationsAcrossTheIntervalBoundary() {
        try (Network h = Network.create("h", tiny(), Device.cpu(), 1, false, 8)) {
            HistoryModel m = HistoryModel.from(ConfigFactory.parseString(
                    "update_decay = 0.1, step = [1000, 2000, 3000], step_interval = 100000"), h);
            List<Long> fired = new ArrayList<>();
            for (long it = 1; it <= 250_000; it++) {
                if (m.updatesAt(it)) {
                    fired.add(it);
                }
            }
            assertEquals(1000L, fired.get(0));
            assertTrue(fired.contains(100_000L), "iteration 100000 is still in interval 0 (every 1000)");
            assertFalse(fired.contains(101_000L), "interval 1 updates every 2000");
            assertTrue(fired.contains(102_000L));
            assertTrue(fired.contains(201_000L), "interval 2 updates every 3000: 201000 % 3000 == 0");
            assertFalse(fired.contains(202_000L));
            assertEquals(100 + 50 + 17, fired.size(), "100 updates in 1..100k, 50 in ..200k, 17 in ..250k (201000..249000)");
        }
    }

    @Test
    void historyStartsAsTheEmaAndBlendsWithDecay() {
        try (Network h = Network.create("h", tiny(), Device.cpu(), 1, false, 8);
             Network ema = Network.create("ema", tiny(), Device.cpu(), 2, false, 8);
             Network student = Network.create("s", tiny(), Device.cpu(), 3, true, 8)) {
            HistoryModel m = new HistoryModel(h, 0.1, new long[] {2}, 100, true);
            m.initialise(ema);
            float[] e = ema.parameters().get("weight").getArray().toFloatArray();
            assertArrayEquals(e, h.parameters().get("weight").getArray().toFloatArray(), 0f);
            float[] before = h.parameters().get("weight").getArray().toFloatArray();
            assertFalse(m.afterIteration(1, student, ema));
            // change the EMA, then the update at iteration 2 blends 0.1*H + 0.9*EMA
            ema.copyFrom(student);
            float[] target = ema.parameters().get("weight").getArray().toFloatArray();
            assertTrue(m.afterIteration(2, student, ema));
            float[] after = h.parameters().get("weight").getArray().toFloatArray();
            for (int i = 0; i < after.length; i++) {
                assertEquals(0.1f * before[i] + 0.9f * target[i], after[i], 1e-6f);
            }
        }
    }
}
