package io.dckd.plugins.dckd.dmm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.dckd.core.io.SafeTensors;
import io.dckd.core.nn.TorchNames;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.DistributionMapper;
import io.dckd.plugins.dckd.TestMapperContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VqMappingTest {

    /** The official vq-tiny fixture, kept once in dckd-backbones (7 MB); tests run in the module directory. */
    static final Path FIXTURE = Path.of("../../dckd-backbones/src/test/resources/fixtures/vq-tiny-64x64");

    @TempDir
    Path stage;

    private static ComponentSpec spec(String hocon) {
        return ComponentSpec.of("DMM", ConfigFactory.parseString(hocon, ConfigParseOptions.defaults().setOriginDescription("run.conf")));
    }

    private static double maxAbs(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat();
    }

    @Test
    void reproducesTheOfficialFeaturesAndDistributionInOnePass() throws Exception {
        TestMapperContext ctx = new TestMapperContext(stage, List.of(), 0);
        try (DistributionMapper.Mapping mapping = new Dmm().create(spec(""), ctx, Optional.of(FIXTURE.resolve("weights.safetensors")));
             NDManager m = NDManager.newBaseManager()) {
            assertArrayEquals(new double[] {1 / 32.0, 1 / 16.0, 1 / 8.0, 1 / 4.0, 1}, mapping.levelWeights(), 0);
            assertTrue(mapping.parameterCount() > 0);
            Map<String, NDArray> io = SafeTensors.read(m, FIXTURE.resolve("io.safetensors"));
            NDArray x = io.get("input");
            DistributionMapper.Encoded enc = mapping.encode(x, true);
            assertEquals(5, enc.levels().size());
            for (int l = 0; l < 5; l++) {
                NDArray ref = io.get("feat." + l);
                assertEquals(ref.getShape(), enc.levels().get(l).getShape());
                double rel = maxAbs(enc.levels().get(l), ref) / ref.abs().max().getFloat();
                assertTrue(rel < 1e-4, "level " + (l + 1) + " relative error " + rel);
                assertEquals(m, enc.levels().get(l).getManager(), "results belong to the input's manager");
            }
            double err = maxAbs(enc.codeLogits().softmax(1), io.get("dist"));
            assertTrue(err < 1e-5, "distribution max abs error " + err);
            DistributionMapper.Encoded feats = mapping.encode(x, false);
            assertEquals(null, feats.codeLogits());
            assertEquals(0.0, maxAbs(feats.levels().get(4), enc.levels().get(4)), 0.0);
            assertTrue(ctx.log.stream().anyMatch(s -> s.contains("loaded from")), ctx.log.toString());
        }
    }

    @Test
    void gradientReachesTheInputButNeverTheEncoder() throws Exception {
        TestMapperContext ctx = new TestMapperContext(stage, List.of(), 0);
        try (VqMapping mapping = (VqMapping) new Dmm().create(spec(""), ctx, Optional.of(FIXTURE.resolve("weights.safetensors")));
             NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomUniform(0, 1, new ai.djl.ndarray.types.Shape(2, 3, 32, 32));
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                DistributionMapper.Encoded enc = mapping.encode(x, true);
                NDArray loss = enc.codeLogits().softmax(1).square().mean();
                for (NDArray f : enc.levels()) {
                    loss = loss.add(f.abs().mean());
                }
                gc.backward(loss);
            }
            NDArray g = x.getGradient();
            assertTrue(g.abs().sum().getFloat() > 0, "the input receives a gradient");
            for (Map.Entry<String, Parameter> e : TorchNames.parameters(mapping.encoder()).entrySet()) {
                assertFalse(e.getValue().getArray().hasGradient(), e.getKey() + " must not require gradient");
            }
        }
    }

    @Test
    void anEncoderSectionLeavingOutKeysGetsTheBackboneDefaults() {
        // an object over the default string encoder = vq-tiny: Typesafe Config would ignore later fallbacks
        DmmOptions o = DmmOptions.from(spec("encoder { type = VQGAN, embed_dim = 16, n_embed = 16, "
                + "ddconfig { ch = 32, ch_mult = [1, 1], attn_resolutions = [] } }, level_weights = [1, 1]"));
        io.dckd.core.spi.CodebookEncoder enc = Dmm.encoder(o, new TestMapperContext(stage, List.of(), 0));
        assertEquals(2, enc.levels());
        assertFalse(enc.normalizesCodes(), "l2_normalize from the VQGAN defaults");
    }

    @Test
    void unknownKeysAndWrongEncodersAreConfigErrors() {
        TestMapperContext ctx = new TestMapperContext(stage, List.of(), 0);
        ConfigException e = assertThrows(ConfigException.class, () -> DmmOptions.from(spec("level_weight = [1]")));
        assertTrue(e.getMessage().contains("level_weight") && e.getMessage().contains("level_weights") && e.getMessage().contains("run.conf: 1"),
                e.getMessage());
        e = assertThrows(ConfigException.class, () -> DmmOptions.from(spec("pretrain { total_iters = 5 }")));
        assertTrue(e.getMessage().contains("total_iters") && e.getMessage().contains("total_iter'"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> DmmOptions.from(spec("pretrain { kmeans = true }")));
        assertTrue(e.getMessage().contains("kmeans") && e.getMessage().contains("kmeans_init"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> DmmOptions.from(spec("pretrain { warmup_iter = -1 }")));
        assertTrue(e.getMessage().contains("warmup_iter"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> DmmOptions.from(spec("pretrain { lr_schedule = step }")));
        assertTrue(e.getMessage().contains("lr_schedule") && e.getMessage().contains("cosine"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> DmmOptions.from(spec("pretrain { kmeans_init = maybe }")));
        assertTrue(e.getMessage().contains("kmeans_init"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> DmmOptions.from(spec("pretrain.codebook_update = kmeans")));
        assertTrue(e.getMessage().contains("codebook_update"), e.getMessage());
        e = assertThrows(ConfigException.class,
                () -> new Dmm().create(spec("encoder = rcan-s"), ctx, Optional.of(FIXTURE.resolve("weights.safetensors"))));
        assertTrue(e.getMessage().contains("VQGAN"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> new Dmm().prepare(spec("pretrain_network_vqgan = /nonexistent/vq.ckpt"), ctx));
        assertTrue(e.getMessage().contains("/nonexistent/vq.ckpt") && e.getMessage().contains("run.conf: 1"), e.getMessage());
        IllegalStateException none = assertThrows(IllegalStateException.class, () -> new Dmm().create(spec(""), ctx, Optional.empty()));
        assertTrue(none.getMessage().contains("codebook stage"), none.getMessage());
    }

    @Test
    void randomInitIgnoresCodebookWeightsLeftByAnEarlierRun() throws Exception {
        TestMapperContext ctx = new TestMapperContext(stage, List.of(), 0);
        Optional<Path> earlier = Optional.of(FIXTURE.resolve("weights.safetensors"));
        try (VqMapping trained = (VqMapping) new Dmm().create(spec(""), ctx, earlier);
             VqMapping random = (VqMapping) new Dmm().create(spec("random_init = true"), ctx, earlier);
             VqMapping again = (VqMapping) new Dmm().create(spec("random_init = true"), ctx, Optional.empty())) {
            Map<String, Parameter> t = TorchNames.parameters(trained.encoder());
            Map<String, Parameter> r = TorchNames.parameters(random.encoder());
            Map<String, Parameter> a = TorchNames.parameters(again.encoder());
            String key = "encoder.conv_in.weight";
            float[] tw = t.get(key).getArray().toFloatArray();
            float[] rw = r.get(key).getArray().toFloatArray();
            assertFalse(java.util.Arrays.equals(tw, rw), "random_init must not load the stage's weights");
            assertArrayEquals(rw, a.get(key).getArray().toFloatArray(), "the random encoder is seeded");
        }
    }

    @Test
    void prepareReturnsTheUsersWeightsWithoutTraining() {
        TestMapperContext ctx = new TestMapperContext(stage, List.of(), 0);
        Path w = FIXTURE.resolve("weights.safetensors");
        assertEquals(Optional.of(w), new Dmm().prepare(spec("pretrain_network_vqgan = \"" + w + "\""), ctx));
        assertTrue(ctx.log.isEmpty());
    }
}
