package io.dckd.backbones;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.typesafe.config.ConfigFactory;
import io.dckd.core.image.RgbImage;
import io.dckd.core.infer.ReceptiveField;
import io.dckd.core.infer.TilePlan;
import io.dckd.core.infer.TiledRestorer;
import io.dckd.core.spi.Backbone;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.train.Network;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Tiled inference must not show its tiles: the feathered, receptive-field-covering blend of small
 * tiles on an image that is not a multiple of the tile stays within a PSNR threshold of the
 * whole-image pass (seeded random weights). Equal-weight averaging of the
 * same tiles gave 43.5 (rcan-s), 44.8 (edsr-t) and 36.4 dB (swinir-s); this blend gives over 100. NAFNet's
 * tiles must start on its 16-pixel downsampling grid ({@link ReceptiveField#alignment}): off it,
 * 26 dB.
 */
class TiledRestoreParityTest {

    @ParameterizedTest
    @CsvSource({"rcan-s, 2, 56, 60", "edsr-t, 2, 56, 60", "swinir-s, 2, 64, 60", "nafnet-s, 1, 64, 60"})
    void tiledMatchesWholeImage(String preset, int scale, int tile, double minPsnr) {
        Map<String, Object> options = scale == 1 ? Map.of() : Map.of("upscale", scale);
        Backbone b = TestNets.factory(preset).create(TestNets.PRESETS.resolve(ComponentSpec.of(preset, ConfigFactory.parseMap(options))));
        try (Network net = Network.create("restore", b, Device.cpu(), 7, false, 16)) {
            RgbImage lq = texture(101, 77, 3);
            RgbImage whole = new TiledRestorer(net, TilePlan.whole()).restore(lq);
            TiledRestorer tiled = new TiledRestorer(net, TilePlan.covering(tile, ReceptiveField.radius(b)));
            RgbImage out = tiled.restore(lq);
            double psnr = psnr(whole, out);
            System.out.printf("%s x%d %s: tiled vs whole %.2f dB%n", preset, scale, tiled.plan(), psnr);
            assertTrue(psnr > minPsnr, preset + ": tiled output only " + psnr + " dB from the whole-image output");
        }
    }

    /** A smooth texture with detail (sinusoids plus a little noise), deterministic. */
    static RgbImage texture(int w, int h, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] chw = new float[3 * w * h];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double v = 0.5 + 0.25 * Math.sin(x * 0.21 + c) * Math.cos(y * 0.17 - c) + 0.1 * Math.sin((x + y) * 0.05) + 0.05 * r.nextDouble();
                    chw[(c * h + y) * w + x] = (float) v;
                }
            }
        }
        return new RgbImage(w, h, chw);
    }

    static double psnr(RgbImage a, RgbImage b) {
        double se = 0;
        for (int i = 0; i < a.chw().length; i++) {
            double d = a.chw()[i] - b.chw()[i];
            se += d * d;
        }
        return 10 * Math.log10(1.0 / (se / a.chw().length));
    }
}
