package io.dckd.backbones.vqgan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.typesafe.config.ConfigFactory;
import io.dckd.core.nn.FreshInit;
import io.dckd.core.nn.TorchNames;
import io.dckd.core.spi.ComponentSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VqganDecoderTest {

    @Test
    void decodesTheEncodersLatentBackToImageSizeWithTamingKeys() {
        VqganConfig cfg = VqganFactory.config(new ComponentSpec("VQGAN",
                ConfigFactory.defaultReference().getConfig("dckd.presets.vq-tiny"), "dckd.presets.vq-tiny"));
        try (NDManager m = NDManager.newBaseManager()) {
            VqganEncoder enc = new VqganEncoder(cfg);
            enc.initialize(m, DataType.FLOAT32, new Shape(2, 3, 32, 32));
            FreshInit.apply(enc, 1);
            float codeMax = enc.codebook().getParameters().get("weight").getArray().abs().max().getFloat();
            assertTrue(codeMax > 0 && codeMax <= 1f / 256, "taming's codebook init U(-1/n, 1/n), got max " + codeMax);
            VqganDecoder dec = new VqganDecoder(cfg);
            dec.initialize(m, DataType.FLOAT32, new Shape(2, 64, 2, 2));
            FreshInit.apply(dec, 2);
            Map<String, ?> keys = TorchNames.parameters(dec);
            for (String k : new String[] {"post_quant_conv.weight", "decoder.conv_in.weight", "decoder.mid.attn_1.k.weight",
                    "decoder.up.4.block.2.conv1.weight", "decoder.up.4.attn.2.norm.bias", "decoder.up.4.upsample.conv.weight",
                    "decoder.up.1.block.0.nin_shortcut.weight", "decoder.up.0.block.2.norm2.weight", "decoder.norm_out.bias",
                    "decoder.conv_out.weight"}) {
                assertTrue(keys.containsKey(k), "missing key " + k);
            }
            assertTrue(keys.keySet().stream().noneMatch(k -> k.startsWith("decoder.up.0.upsample")), "level 0 has no upsample");
            // post_quant_conv + taming Decoder for ch 32, ch_mult [1,1,2,2,4], 2 res blocks, attn at 16, z 64, embed 64,
            // counted layer by layer by src/test/python/make_fixtures.py (taming_decoder_params)
            assertEquals(2_666_275L, TorchNames.count(dec));
            ParameterStore ps = new ParameterStore(m, false);
            try (NDManager step = m.newSubManager()) {
                NDArray x = step.randomUniform(0, 1, new Shape(2, 3, 32, 32));
                NDArray z = enc.latent(ps, x, false);
                assertEquals(new Shape(2, 64, 2, 2), z.getShape());
                NDArray y = dec.forward(ps, new NDList(z), true).singletonOrThrow();
                assertEquals(new Shape(2, 3, 32, 32), y.getShape());
                assertTrue(Float.isFinite(y.abs().sum().getFloat()));
            }
        }
    }
}
