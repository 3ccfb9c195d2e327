package io.dckd.tasks.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.dckd.core.image.RgbImage;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.Metric;
import io.dckd.tasks.Fixtures;
import io.dckd.tasks.io.ImageFiles;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PSNR/SSIM against BasicSR's values in the official fixtures (metrics.json). */
class MetricsFixtureTest {

    @Test
    void matchesBasicSrOnEveryFixturePair() throws Exception {
        Config json = ConfigFactory.parseFile(Fixtures.path("metrics.json").toFile());
        int checked = 0;
        for (Config pair : json.getConfigList("pairs")) {
            RgbImage a = ImageFiles.read(Fixtures.path("metrics/" + pair.getString("a")));
            RgbImage b = ImageFiles.read(Fixtures.path("metrics/" + pair.getString("b")));
            int crop = pair.getInt("crop_border");
            boolean y = pair.getBoolean("y_channel");
            double psnr = Psnr.compute(a.toUint8(), b.toUint8(), a.width(), a.height(), crop, y);
            double ssim = Ssim.compute(a.toUint8(), b.toUint8(), a.width(), a.height(), crop, y);
            String what = pair.getString("a") + " crop " + crop + " y " + y;
            assertEquals(pair.getDouble("psnr"), psnr, 1e-6, "PSNR " + what);
            assertEquals(pair.getDouble("ssim"), ssim, 1e-6, "SSIM " + what);

            Map<String, Object> opts = Map.of("crop_border", crop, "test_y_channel", y);
            Metric.ImageMetric pm = new PsnrMetric().create(ComponentSpec.of("calculate_psnr", ConfigFactory.parseMap(opts)));
            Metric.ImageMetric sm = new SsimMetric().create(ComponentSpec.of("calculate_ssim", ConfigFactory.parseMap(opts)));
            assertEquals(pair.getDouble("psnr"), pm.compute(a, b), 1e-6, "metric PSNR " + what);
            assertEquals(pair.getDouble("ssim"), sm.compute(a, b), 1e-6, "metric SSIM " + what);
            checked++;
        }
        assertEquals(8, checked);
    }

    @Test
    void identicalImagesGiveInfinitePsnrAndUnitSsim() throws Exception {
        RgbImage a = ImageFiles.read(Fixtures.path("metrics/0_a.png"));
        assertEquals(Double.POSITIVE_INFINITY, Psnr.compute(a.toUint8(), a.toUint8(), a.width(), a.height(), 0, true));
        assertEquals(1.0, Ssim.compute(a.toUint8(), a.toUint8(), a.width(), a.height(), 4, false), 1e-12);
    }

    @Test
    void metricQuantisesFloatsFirst() throws Exception {
        RgbImage a = ImageFiles.read(Fixtures.path("metrics/0_a.png"));
        float[] noisy = a.chw().clone();
        for (int i = 0; i < noisy.length; i++) {
            noisy[i] += 0.4f / 255f; // rounds back to the same 8-bit value
        }
        Metric.ImageMetric pm = new PsnrMetric().create(ComponentSpec.of("calculate_psnr"));
        assertEquals(Double.POSITIVE_INFINITY, pm.compute(new RgbImage(a.width(), a.height(), noisy), a));
    }

    @Test
    void unknownOptionNamesKeyAndNearest() {
        Config c = ConfigFactory.parseString("crop_bordr = 4", com.typesafe.config.ConfigParseOptions.defaults()
                .setOriginDescription("train.conf"));
        ConfigException e = assertThrows(ConfigException.class,
                () -> new PsnrMetric().create(new ComponentSpec("calculate_psnr", c, "val.metrics.psnr")));
        assertTrue(e.getMessage().contains("crop_bordr") && e.getMessage().contains("crop_border")
                && e.getMessage().contains("train.conf: 1"), e.getMessage());
    }

    @Test
    void fixtureFilesAreRealPngs() throws Exception {
        assertTrue(Files.size(Fixtures.path("metrics/0_a.png")) > 1000);
    }
}
