package io.dckd.backbones.nafnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.dckd.backbones.Fixtures;
import io.dckd.core.spi.Backbone;
import io.dckd.core.spi.ComponentSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NAFNetTest {

    private static final String DIR = "/fixtures/nafnet-tiny-32x32/";

    @Test
    void matchesTheOfficialArchitectureIncludingInternalPadding() throws Exception {
        ComponentSpec spec = ComponentSpec.of("NAFNet", ConfigFactory.parseString(
                "width = 8, middle_blk_num = 1, enc_blk_nums = [1, 1], dec_blk_nums = [1, 1]"));
        Backbone bb = new NAFNetFactory().create(spec);
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> io = Fixtures.loadOfficial(m, bb.block(), DIR, new Shape(1, 3, 32, 32), "nafnet-tiny weights");
            for (String suffix : new String[] {"", "_odd"}) {
                Fixtures.assertMatchesOfficial(m, bb.block(), io, suffix, 1e-4, "nafnet-tiny");
            }
        }
    }

    @Test
    void presetsHaveTheParameterCountsOfTable1() {
        assertEquals(17_111_907L, Fixtures.parameterCount("nafnet-t", 1, new Shape(1, 3, 16, 16)));
        assertEquals(2_683_059L, Fixtures.parameterCount("nafnet-s", 1, new Shape(1, 3, 16, 16)));
    }

    @Test
    void freshWeightsStartWithZeroLayerScalesSoEveryBlockIsIdentity() {
        try (NDManager m = NDManager.newBaseManager()) {
            Backbone bb = new NAFNetFactory().create(ComponentSpec.of("NAFNet", ConfigFactory.parseString(
                    "width = 8, middle_blk_num = 1, enc_blk_nums = [1], dec_blk_nums = [1]")));
            Map<String, Parameter> fresh = Fixtures.freshParameters(m, bb, new Shape(1, 3, 8, 8), 7);
            NDArray beta = fresh.get("encoders.0.0.beta").getArray();
            assertEquals(new Shape(1, 8, 1, 1), beta.getShape());
            assertEquals(0f, beta.abs().sum().getFloat());
            assertEquals(0f, fresh.get("decoders.0.0.gamma").getArray().abs().sum().getFloat());
        }
    }

    @Test
    void unknownOptionIsRejected() {
        ComponentSpec spec = ComponentSpec.of("NAFNet", ConfigFactory.parseString("widht = 8"));
        ConfigException e = assertThrows(ConfigException.class, () -> new NAFNetFactory().create(spec));
        assertTrue(e.getMessage().contains("'widht'") && e.getMessage().contains("'width'"), e.getMessage());
    }
}
