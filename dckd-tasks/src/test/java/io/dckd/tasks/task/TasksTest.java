package io.dckd.tasks.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.dckd.core.image.RgbImage;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.RestorationTask;
import io.dckd.core.spi.Task;
import io.dckd.tasks.data.TrainingStreamTest;
import io.dckd.tasks.metrics.Psnr;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The four built-in tasks: registration, degradations, baselines, defaults, option errors. */
class TasksTest {

    static RestorationTask task(String type, String params) {
        Task t = ServiceLoader.load(Task.class).stream().map(ServiceLoader.Provider::get)
                .filter(x -> x.type().equals(type)).findFirst().orElseThrow();
        return t.create(ComponentSpec.of(type, ConfigFactory.parseString(params)));
    }

    static RgbImage smooth(int w, int h) {
        float[] d = new float[3 * w * h];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    d[(c * h + y) * w + x] = (float) (0.5 + 0.3 * Math.sin(x * 0.3 + c) * Math.cos(y * 0.2));
                }
            }
        }
        return new RgbImage(w, h, d).quantized();
    }

    @Test
    void allFourAreRegistered() {
        TreeSet<String> types = new TreeSet<>();
        ServiceLoader.load(Task.class).forEach(t -> types.add(t.type()));
        assertEquals(new TreeSet<>(java.util.List.of("deblur", "denoise", "derain", "sr")), types);
    }

    @Test
    void srDegradesModCroppedGtAndUpscalesBack() {
        RestorationTask sr = task("sr", "scale = 4");
        assertEquals(4, sr.scale());
        RgbImage gt = smooth(50, 43);
        RgbImage lq = sr.degrade(gt, new SplittableRandom(1));
        assertEquals(12, lq.width());
        assertEquals(10, lq.height());
        assertArrayEquals(lq.chw(), lq.quantized().chw()); // 8-bit values
        RgbImage up = sr.baseline(lq);
        assertEquals(48, up.width());
        assertEquals(40, up.height());
        double psnr = Psnr.compute(up.toUint8(), gt.crop(0, 0, 48, 40).toUint8(), 48, 40, 4, true);
        assertTrue(psnr > 25, "bicubic baseline PSNR " + psnr);
        assertEquals(4, sr.defaultMetrics().getInt("psnr.crop_border"));
        assertTrue(sr.defaultMetrics().getBoolean("ssim.test_y_channel"));
    }

    @Test
    void scaleOneTasksAreDeterministicAndDegrade() {
        RgbImage gt = TrainingStreamTest.random(40, 40, 3);
        for (String[] t : new String[][] {{"deblur", "kernel = mixed"}, {"derain", ""}, {"denoise", "sigma = [15, 25, 50]"}}) {
            RestorationTask task = task(t[0], t[1]);
            assertEquals(1, task.scale());
            RgbImage a = task.degrade(gt, new SplittableRandom(5));
            RgbImage b = task.degrade(gt, new SplittableRandom(5));
            RgbImage c = task.degrade(gt, new SplittableRandom(6));
            assertArrayEquals(a.chw(), b.chw(), t[0]);
            assertFalse(java.util.Arrays.equals(a.chw(), c.chw()), t[0]);
            assertFalse(java.util.Arrays.equals(a.chw(), gt.chw()), t[0]);
            assertSame(a, task.baseline(a));
            assertEquals(0, task.defaultMetrics().getInt("psnr.crop_border"));
        }
        assertTrue(task("derain", "").defaultMetrics().getBoolean("psnr.test_y_channel"));
        assertFalse(task("deblur", "").defaultMetrics().getBoolean("psnr.test_y_channel"));
    }

    @Test
    void noiseHasTheConfiguredSigma() {
        RgbImage gt = new RgbImage(100, 100, filled(30000, 0.5f));
        RgbImage n = task("denoise", "sigma = 25").degrade(gt, new SplittableRandom(1));
        double ss = 0;
        for (float v : n.chw()) {
            ss += (v - 0.5) * (v - 0.5);
        }
        assertEquals(25.0, Math.sqrt(ss / n.chw().length) * 255, 0.5);
        RgbImage g = task("denoise", "sigma = 25, noise_type = gray").degrade(gt, new SplittableRandom(1));
        assertEquals(g.get(0, 5, 5), g.get(2, 5, 5));
    }

    @Test
    void blurKeepsMeanAndLowersVariance() {
        RgbImage gt = TrainingStreamTest.random(40, 40, 3);
        RgbImage b = task("deblur", "kernel = gaussian, sigma_range = [2, 2]").degrade(gt, new SplittableRandom(1));
        assertTrue(variance(b) < 0.3 * variance(gt));
        RgbImage m = task("deblur", "kernel = motion, motion_length_range = [9, 9]").degrade(gt, new SplittableRandom(1));
        assertTrue(variance(m) < 0.5 * variance(gt));
    }

    @Test
    void rainBrightens() {
        RgbImage gt = new RgbImage(64, 64, filled(3 * 64 * 64, 0.2f));
        RgbImage r = task("derain", "rain_density_range = 0.01").degrade(gt, new SplittableRandom(1));
        double mean = 0;
        for (float v : r.chw()) {
            mean += v;
        }
        assertTrue(mean / r.chw().length > 0.2 + 1e-3);
    }

    @Test
    void badOptionsNameTheKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> task("sr", "scal = 4"));
        assertTrue(e.getMessage().contains("'scale'"), e.getMessage());
        assertThrows(ConfigException.class, () -> task("deblur", "kernel_size = 20"));
        assertThrows(ConfigException.class, () -> task("deblur", "kernel = box"));
        assertThrows(ConfigException.class, () -> task("denoise", "scale = 2"));
        assertThrows(ConfigException.class, () -> task("derain", "rain_length_range = [30, 10]"));
    }

    @Test
    void declaredRangesAndCrossChecksApplyToTasksBuiltInCode() {
        ConfigException scale = assertThrows(ConfigException.class, () -> task("denoise", "scale = 2"));
        assertTrue(scale.getMessage().contains("key <code>.scale = 2") && scale.getMessage().contains("must be an integer in [1, 1]"),
                scale.getMessage());
        ConfigException length = assertThrows(ConfigException.class,
                () -> task("deblur", "kernel_size = 9, motion_length_range = [5, 15]"));
        assertTrue(length.getMessage().contains("motion_length_range") && length.getMessage().contains("kernel_size 9"),
                length.getMessage());
        ConfigException sigma = assertThrows(ConfigException.class, () -> task("denoise", "sigma = []"));
        assertTrue(sigma.getMessage().contains("sigma"), sigma.getMessage());
    }

    static double variance(RgbImage img) {
        double m = 0, s = 0;
        for (float v : img.chw()) {
            m += v;
        }
        m /= img.chw().length;
        for (float v : img.chw()) {
            s += (v - m) * (v - m);
        }
        return s / img.chw().length;
    }

    static float[] filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
