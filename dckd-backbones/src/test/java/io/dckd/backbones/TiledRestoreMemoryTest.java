package io.dckd.backbones;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.typesafe.config.ConfigFactory;
import io.dckd.core.image.Rgb8Raster;
import io.dckd.core.image.RgbImage;
import io.dckd.core.infer.Footprint;
import io.dckd.core.infer.TilePlan;
import io.dckd.core.infer.TilePlanner;
import io.dckd.core.infer.TiledRestorer;
import io.dckd.core.spi.Backbone;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.train.Network;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A big image under a small budget: the plan is tiled, and the restorer hands its output over in
 * bands of one tile row, so the whole output never exists in float, only in the 8-bit raster.
 */
class TiledRestoreMemoryTest {

    @Test
    void bigImageUnderASmallBudgetIsAssembledBandByBand() {
        Backbone b = TestNets.factory("edsr-t").create(TestNets.PRESETS.resolve(ComponentSpec.of("edsr-t", ConfigFactory.parseMap(Map.of("upscale", 4)))));
        try (Network net = Network.create("restore", b, Device.cpu(), 3, false, 16)) {
            Footprint f = Footprint.measure(net);
            // at least the input, the head's 64-channel features and the ×4 output, in float
            assertTrue(f.bytesPerPixel() > 4 * (3 + 64 + 3 * 16), "footprint " + f);
            TilePlanner planner = TilePlanner.of(net);
            int w = 150, h = 110;
            long budget = 60L * w * h + (24L << 20); // the float input and 8-bit output, then 24 MiB
            TilePlan plan = planner.plan(w, h, budget);
            assertTrue(plan.tile() > 0 && plan.tile() < h, "tiled under " + (budget >> 20) + " MiB: " + plan);

            RgbImage lq = TiledRestoreParityTest.texture(w, h, 5);
            Rgb8Raster raster = new Rgb8Raster(4 * w, 4 * h);
            int[] next = {0};
            int[] largestBand = {0};
            new TiledRestorer(net, plan).restore(lq, (y0, rows, band, bandHeight) -> {
                assertEquals(next[0], y0, "rows arrive in order, once");
                next[0] += rows;
                largestBand[0] = Math.max(largestBand[0], band.length);
                raster.put(y0, rows, band, bandHeight);
            });
            assertEquals(4 * h, next[0], "every row delivered");
            long wholeFloat = 3L * 16 * w * h;
            assertTrue(largestBand[0] <= wholeFloat / 2, "float band " + largestBand[0] + " of a " + wholeFloat + "-float output");
        }
    }
}
