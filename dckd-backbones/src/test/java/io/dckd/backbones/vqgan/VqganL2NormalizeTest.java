package io.dckd.backbones.vqgan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.typesafe.config.ConfigFactory;
import io.dckd.core.nn.FreshInit;
import io.dckd.core.spi.ComponentSpec;
import org.junit.jupiter.api.Test;

/** {@code l2_normalize} (ViT-VQGAN's l2-normalised lookup) and the {@code vq-cpu} preset. */
class VqganL2NormalizeTest {

    private static VqganConfig preset(String name) {
        return VqganFactory.config(new ComponentSpec("VQGAN",
                ConfigFactory.defaultReference().getConfig("dckd.presets." + name), "dckd.presets." + name));
    }

    @Test
    void vqCpuIsF4WithSixteenDimensionalNormalisedCodes() {
        VqganConfig cfg = preset("vq-cpu");
        assertTrue(cfg.l2Normalize());
        assertEquals(3, cfg.dd().levels());
        assertEquals(16, cfg.embedDim());
        assertEquals(256, cfg.nEmbed());
        assertFalse(preset("vq-tiny").l2Normalize(), "taming's lookup stays the default");
    }

    @Test
    void latentIsUnitLengthAndDistancesLieInZeroToFour() {
        try (NDManager m = NDManager.newBaseManager()) {
            VqganEncoder enc = new VqganEncoder(preset("vq-cpu"));
            enc.initialize(m, DataType.FLOAT32, new Shape(2, 3, 16, 16));
            FreshInit.apply(enc, 3);
            assertTrue(enc.normalizesCodes());
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomUniform(0, 1, new Shape(2, 3, 16, 16));
            NDArray z = enc.latent(ps, x, false);
            assertArrayEquals(new long[] {2, 16, 4, 4}, z.getShape().getShape());
            NDArray norms = z.square().sum(new int[] {1}).sqrt();
            assertEquals(0, norms.sub(1f).abs().max().getFloat(), 1e-5);

            // a code scaled by 10 is the same code: only directions count
            NDArray e = enc.codebook().getParameters().get("weight").getArray();
            NDArray before = enc.codebook().distances(ps, z, false);
            e.muli(10f);
            NDArray after = enc.codebook().distances(ps, z, false);
            assertEquals(0, before.sub(after).abs().max().getFloat(), 1e-4);
            assertTrue(after.min().getFloat() >= -1e-5 && after.max().getFloat() <= 4 + 1e-5, "d = 2 - 2 cos in [0, 4]");
            // the encoding's logits are the same distances, negated
            NDArray logits = enc.encode(ps, x, true).codeLogits();
            assertEquals(0, logits.add(after).abs().max().getFloat(), 1e-4);
        }
    }
}
