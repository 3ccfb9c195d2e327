package io.dckd.plugins.dckd.dnsg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.NegativeSampler;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DnsgSamplerTest {

    private static NegativeSampler.Sampler sampler(String hocon) {
        return new Dnsg().create(ComponentSpec.of("DNSG", ConfigFactory.parseString(hocon)));
    }

    private static NDArray image(NDManager m, int b, int h, int w, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[b * 3 * h * w];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (0.2 + 0.6 * r.nextDouble());
        }
        return m.create(v, new Shape(b, 3, h, w));
    }

    private static double maxAbs(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat();
    }

    /**
     * The noise one negative ({@code num_neg = 1}) adds to a flat grey batch of {@code batch}
     * {@code size}×{@code size} images: negative #1 minus the lq.
     */
    private static NDArray addedNoise(NDManager m, String hocon, int batch, int size, long seed) {
        NDArray lq = m.full(new Shape(batch, 3, size, size), 0.5f);
        return sampler(hocon).negativeInputs(lq, new SplittableRandom(seed)).get(batch + ":").sub(lq);
    }

    @Test
    void officialDefaultsGiveNumNegPlusOneChunksLqFirstAndAreDeterministic() {
        NegativeSampler.Sampler s = sampler("");
        assertEquals(5, s.count());
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray lq = image(m, 3, 12, 10, 1);
            NDArray a = s.negativeInputs(lq, new SplittableRandom(42));
            NDArray b = s.negativeInputs(lq, new SplittableRandom(42));
            NDArray c = s.negativeInputs(lq, new SplittableRandom(43));
            assertEquals(new Shape(15, 3, 12, 10), a.getShape());
            assertEquals(0.0, maxAbs(a, b), 0.0, "same rng state, same negatives");
            assertTrue(maxAbs(a, c) > 1e-3, "another rng state, other negatives");
            assertEquals(m, a.getManager(), "the result belongs to lq's manager");
            NDArray[] chunks = a.split(5, 0).toArray(new NDArray[0]);
            assertEquals(0.0, maxAbs(chunks[0], lq), 0.0, "negative #0 is the clean lq");
            for (int i = 1; i < 5; i++) {
                assertTrue(maxAbs(chunks[i], lq) > 1e-3, "D" + i + "(lq) differs from lq");
                for (int j = 1; j < i; j++) {
                    assertTrue(maxAbs(chunks[i], chunks[j]) > 1e-3, "D" + i + " differs from D" + j);
                }
                assertTrue(chunks[i].min().getFloat() >= 0 && chunks[i].max().getFloat() <= 1, "clipped to [0,1]");
            }
        }
    }

    @Test
    void colourNoiseHasTheDrawnSigmaIndependentPerChannel() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray noise = addedNoise(m, "num_neg = 1, noise_range = [12, 12], gray_noise_prob = 0", 4, 64, 7);
            double std = noise.square().mean().sqrt().getFloat();
            assertEquals(12 / 255.0, std, 12 / 255.0 * 0.02, "measured std of the colour noise");
            assertEquals(0, noise.mean().getFloat(), 0.002);
            NDArray r = noise.get(":, 0"), g = noise.get(":, 1");
            double corr = r.mul(g).mean().getFloat() / (std * std);
            assertTrue(Math.abs(corr) < 0.05, "channels independent, correlation " + corr);
        }
    }

    @Test
    void perSampleSigmaFollowsTheRange() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray noise = addedNoise(m, "num_neg = 1, noise_range = [1, 30], gray_noise_prob = 0", 16, 48, 3);
            float[] std = noise.square().reshape(16, -1).mean(new int[] {1}).sqrt().toFloatArray();
            float lo = Float.MAX_VALUE, hi = 0;
            for (float v : std) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
                assertTrue(v > 0.9 / 255 && v < 30.6 / 255, "sigma in [1,30]/255, got " + v * 255);
            }
            assertTrue(hi / lo > 2, "sigmas are drawn per sample: " + lo * 255 + " .. " + hi * 255);
        }
    }

    @Test
    void grayNoiseIsOneFieldSharedByChannelsAndByTheWholeBatch() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray noise = addedNoise(m, "num_neg = 1, noise_range = [2, 20], gray_noise_prob = 1", 3, 32, 11);
            assertTrue(maxAbs(noise.get(":, 0"), noise.get(":, 1")) < 1e-6, "equal on all channels");
            assertTrue(maxAbs(noise.get(":, 0"), noise.get(":, 2")) < 1e-6, "equal on all channels");
            // BasicSR quirk: torch.randn(h, w) * sigma_b — one field for the batch, scaled per sample
            NDArray n0 = noise.get("0, 0");
            NDArray n1 = noise.get("1, 0");
            double s0 = n0.square().mean().sqrt().getFloat();
            double s1 = n1.square().mean().sqrt().getFloat();
            assertTrue(maxAbs(n0.div(s0), n1.div(s1)) < 1e-4, "the same N(0,1) field up to each sample's sigma");
        }
    }

    @Test
    void mixedBatchGivesGrayAndColourSamples() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray noise = addedNoise(m, "num_neg = 1, gray_noise_prob = 0.5", 16, 16, 5);
            int gray = 0;
            for (int b = 0; b < 16; b++) {
                if (maxAbs(noise.get(b + ", 0"), noise.get(b + ", 1")) < 1e-6) {
                    gray++;
                }
            }
            assertTrue(gray > 0 && gray < 16, "about half the samples gray, got " + gray);
        }
    }

    @Test
    void blurAndResizeRunOnTheWholeBatchAndKeepTheSize() {
        NegativeSampler.Sampler s = sampler("num_neg = 3, gaussian_blur_prob = 1, resize_prob = 1, gaussian_noise_prob = 0");
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray lq = image(m, 2, 20, 24, 9);
            NDArray out = s.negativeInputs(lq, new SplittableRandom(1));
            assertEquals(new Shape(8, 3, 20, 24), out.getShape());
            NDArray neg = out.get("2:");
            assertTrue(maxAbs(neg, lq.tile(new long[] {3, 1, 1, 1})) > 1e-3);
            // blur and interpolation only average: a smoothed copy has a smaller spread than lq
            float spreadLq = lq.sub(lq.mean()).square().mean().getFloat();
            float spreadNeg = neg.sub(neg.mean()).square().mean().getFloat();
            assertTrue(spreadNeg < spreadLq, spreadNeg + " vs " + spreadLq);
        }
    }

    @Test
    void noGradientReachesLq() throws Exception {
        NegativeSampler.Sampler s = sampler("");
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray lq = image(m, 2, 8, 8, 2);
            lq.setRequiresGradient(true);
            NDArray out = s.negativeInputs(lq, new SplittableRandom(0));
            assertFalse(out.hasGradient());
        }
    }

    @Test
    void unknownKeyNamesTheKeyTheLineAndTheNearestKey() {
        ComponentSpec spec = ComponentSpec.of("DNSG", ConfigFactory.parseString("num_negs = 3", 
                com.typesafe.config.ConfigParseOptions.defaults().setOriginDescription("run.conf")));
        ConfigException e = assertThrows(ConfigException.class, () -> new Dnsg().create(spec));
        assertTrue(e.getMessage().contains("num_negs") && e.getMessage().contains("num_neg'") && e.getMessage().contains("run.conf: 1"),
                e.getMessage());
    }

    @Test
    void badValuesAreRejected() {
        assertThrows(ConfigException.class, () -> sampler("gray_noise_prob = 1.5"));
        assertThrows(ConfigException.class, () -> sampler("blur_kernel_range = [4, 11]"));
        assertThrows(ConfigException.class, () -> sampler("noise_range = [30, 1]"));
        ConfigException e = assertThrows(ConfigException.class, () -> sampler("resize_modes = [nearest]"));
        assertTrue(e.getMessage().contains("nearest"), e.getMessage());
    }
}
