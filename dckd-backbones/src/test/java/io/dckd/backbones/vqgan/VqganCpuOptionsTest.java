package io.dckd.backbones.vqgan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.dckd.backbones.norm.GroupNorm;
import io.dckd.core.nn.FreshInit;
import io.dckd.core.spi.ComponentSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The options of a VQGAN that learns on a CPU: {@code l2_normalize}, {@code norm_groups}, the {@code vq-cpu} preset. */
class VqganCpuOptionsTest {

    private static VqganConfig preset(String name) {
        return VqganFactory.config(new ComponentSpec("VQGAN",
                ConfigFactory.defaultReference().getConfig("dckd.presets." + name), "dckd.presets." + name));
    }

    @Test
    void vqCpuIsF4WithSixteenDimensionalNormalisedCodes() {
        VqganConfig cfg = preset("vq-cpu");
        assertTrue(cfg.l2Normalize());
        assertEquals(3, cfg.dd().levels());
        assertEquals(16, cfg.dd().normGroups());
        assertEquals(16, cfg.embedDim());
        assertEquals(256, cfg.nEmbed());
        assertFalse(preset("vq-tiny").l2Normalize(), "taming's lookup stays the default");
    }

    @Test
    void normGroupsSetsEveryGroupNormAndMustDivideTheChannels() {
        VqganConfig cfg = VqganFactory.config(new ComponentSpec("VQGAN", ConfigFactory.parseString(
                "norm_groups = 8, ddconfig { ch = 32, ch_mult = [1, 2], num_res_blocks = 1, attn_resolutions = [] }"), "test"));
        assertEquals(8, cfg.dd().normGroups());
        assertEquals(32, preset("vq-tiny").dd().normGroups(), "taming's 32 groups stay the default");
        try (NDManager m = NDManager.newBaseManager()) {
            VqganEncoder enc = new VqganEncoder(cfg);
            enc.initialize(m, DataType.FLOAT32, new Shape(1, 3, 8, 8));
            FreshInit.apply(enc, 1);
            List<Integer> groups = new ArrayList<>();
            collectGroups(enc, groups);
            assertEquals(2 * 2 + 2 * 2 + 1 + 1, groups.size(), "2 level blocks, 2 mid blocks (2 norms each), mid attention, norm_out");
            assertTrue(groups.stream().allMatch(g -> g == 8), groups.toString());
            ParameterStore ps = new ParameterStore(m, false);
            NDArray z = enc.latent(ps, m.randomUniform(0, 1, new Shape(1, 3, 8, 8)), false);
            assertArrayEquals(new long[] {1, cfg.embedDim(), 4, 4}, z.getShape().getShape());
        }
        ConfigException e = assertThrows(ConfigException.class, () -> VqganFactory.config(new ComponentSpec("VQGAN",
                ConfigFactory.parseString("norm_groups = 7, ddconfig { ch = 32, ch_mult = [1, 2] }"), "test")));
        assertTrue(e.getMessage().contains("norm_groups"), e.getMessage());
    }

    private static void collectGroups(Block b, List<Integer> out) {
        if (b instanceof GroupNorm g) {
            out.add(g.groups());
        }
        b.getChildren().values().forEach(c -> collectGroups(c, out));
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
