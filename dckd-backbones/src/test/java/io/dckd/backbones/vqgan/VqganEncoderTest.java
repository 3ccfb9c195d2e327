package io.dckd.backbones.vqgan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.dckd.backbones.Fixtures;
import io.dckd.core.nn.StateDict;
import io.dckd.core.nn.TorchNames;
import io.dckd.core.spi.Backbone;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.CodebookEncoder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VqganEncoderTest {

    private static final String DIR = "/fixtures/vq-tiny-64x64/";

    @Test
    void matchesTheOfficialEncoderFeaturesAndDistribution() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Backbone bb = Fixtures.preset("vq-tiny");
            VqganEncoder enc = (VqganEncoder) bb.block();
            enc.initialize(m, DataType.FLOAT32, new Shape(1, 3, 64, 64));
            Map<String, NDArray> weights = Fixtures.read(m, DIR + "weights.safetensors");
            List<String> unused = StateDict.load(enc, weights, false, "vq-tiny weights");
            assertEquals(List.of(), unused, "every fixture key is an encoder/codebook key");
            Map<String, NDArray> io = Fixtures.read(m, DIR + "io.safetensors");
            ParameterStore ps = new ParameterStore(m, false);
            try (NDManager step = m.newSubManager()) {
                NDArray x = io.get("input").duplicate();
                x.attach(step);
                CodebookEncoder.Encoding full = enc.encode(ps, x, true);
                assertEquals(5, full.levels().size());
                for (int l = 0; l < 5; l++) {
                    NDArray ref = io.get("feat." + l);
                    assertEquals(ref.getShape(), full.levels().get(l).getShape());
                    double rel = Fixtures.maxRel(full.levels().get(l), ref);
                    System.out.printf("vq-tiny level %d: max relative error %.3g%n", l + 1, rel);
                    assertTrue(rel < 1e-4, "level " + (l + 1) + " relative error " + rel);
                }
                NDArray dist = full.codeLogits().softmax(1);
                assertEquals(new Shape(16, 256), dist.getShape());
                double err = Fixtures.maxAbs(dist, io.get("dist"));
                System.out.printf("vq-tiny distribution: max abs error %.3g%n", err);
                assertTrue(err < 1e-5, "distribution max abs error " + err);

                CodebookEncoder.Encoding feats = enc.encode(ps, x, false);
                assertNull(feats.codeLogits());
                for (int l = 0; l < 5; l++) {
                    assertEquals(0.0, Fixtures.maxAbs(feats.levels().get(l), full.levels().get(l)), 0.0);
                }
                NDList out = enc.forward(ps, new NDList(x), false);
                assertEquals(6, out.size());
                assertTrue(Fixtures.maxAbs(out.get(5), dist) < 1e-7);
                assertTrue(step.getManagedArrays().size() > 0, "intermediates live in the step's manager");
            }
        }
    }

    @Test
    void f16PresetHasTheCheckpointsParameterCountAndKeys() {
        try (NDManager m = NDManager.newBaseManager()) {
            Backbone bb = Fixtures.preset("vqgan-f16");
            assertEquals("VQGAN", bb.type());
            assertEquals(1, bb.scale());
            assertEquals(16, bb.sizeMultiple());
            assertEquals(List.of("level2", "level3", "level4", "level5", "distribution"), bb.featureTaps());
            bb.block().initialize(m, DataType.FLOAT32, new Shape(1, 3, 16, 16));
            assertEquals(29_626_112L, TorchNames.count(bb.block()));
            Map<String, ?> keys = TorchNames.parameters(bb.block());
            for (String k : List.of("encoder.conv_in.weight", "encoder.down.0.block.0.norm1.weight",
                    "encoder.down.2.block.0.nin_shortcut.weight", "encoder.down.3.downsample.conv.weight",
                    "encoder.down.4.attn.1.proj_out.bias", "encoder.mid.attn_1.q.weight", "encoder.mid.block_2.conv2.bias",
                    "encoder.norm_out.weight", "encoder.conv_out.weight", "quant_conv.weight", "quantize.embedding.weight")) {
                assertTrue(keys.containsKey(k), "missing key " + k);
            }
            assertTrue(keys.keySet().stream().noneMatch(k -> k.startsWith("encoder.down.3.attn")), "attention only at nominal resolution 16");
        }
    }

    @Test
    void unknownOptionIsNamedWithTheNearestKey() {
        ComponentSpec spec = ComponentSpec.of("VQGAN", ConfigFactory.parseString("ddconfig { ch_mul = [1, 2] }"));
        ConfigException e = assertThrows(ConfigException.class, () -> new VqganFactory().create(spec));
        assertTrue(e.getMessage().contains("ddconfig.ch_mul") && e.getMessage().contains("ddconfig.ch_mult"), e.getMessage());
    }
}
