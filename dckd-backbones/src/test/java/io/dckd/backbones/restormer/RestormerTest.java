package io.dckd.backbones.restormer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.dckd.backbones.Fixtures;
import io.dckd.core.spi.Backbone;
import io.dckd.core.spi.ComponentSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestormerTest {

    private static final String DIR = "/fixtures/restormer-tiny-32x32/";

    @Test
    void matchesTheOfficialArchitecture() throws Exception {
        ComponentSpec spec = ComponentSpec.of("Restormer", ConfigFactory.parseString(
                "dim = 8, num_blocks = [1, 1, 1, 1], num_refinement_blocks = 1, heads = [1, 1, 2, 2]"));
        Backbone bb = new RestormerFactory().create(spec);
        assertEquals(8, bb.sizeMultiple());
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> io = Fixtures.loadOfficial(m, bb.block(), DIR, new Shape(1, 3, 32, 32), "restormer-tiny weights");
            Fixtures.assertMatchesOfficial(m, bb.block(), io, "", 1e-4, "restormer-tiny");
        }
    }

    @Test
    void presetsHaveTheParameterCountsOfTable1() {
        assertEquals(26_126_644L, Fixtures.parameterCount("restormer-t", 1, new Shape(1, 3, 8, 8)));
        assertEquals(3_813_230L, Fixtures.parameterCount("restormer-s", 1, new Shape(1, 3, 8, 8)));
    }

    @Test
    void freshTemperaturesAreOnesAndOddSizesAreRejected() {
        try (NDManager m = NDManager.newBaseManager()) {
            Backbone bb = new RestormerFactory().create(ComponentSpec.of("Restormer", ConfigFactory.parseString(
                    "dim = 8, num_blocks = [1, 1, 1, 1], num_refinement_blocks = 1, heads = [1, 1, 2, 2]")));
            Map<String, Parameter> fresh = Fixtures.freshParameters(m, bb, new Shape(1, 3, 8, 8), 3);
            NDArray t = fresh.get("latent.0.attn.temperature").getArray();
            assertEquals(new Shape(2, 1, 1), t.getShape());
            assertEquals(2f, t.sum().getFloat());
            NDArray odd = m.zeros(new Shape(1, 3, 12, 16));
            ParameterStore ps = new ParameterStore(m, false);
            assertThrows(IllegalArgumentException.class, () -> bb.block().forward(ps, new NDList(odd), false));
        }
    }

    @Test
    void badLayerNormTypeNamesTheOptions() {
        ComponentSpec spec = ComponentSpec.of("Restormer", ConfigFactory.parseString("LayerNorm_type = Plain"));
        ConfigException e = assertThrows(ConfigException.class, () -> new RestormerFactory().create(spec));
        assertTrue(e.getMessage().contains("WithBias or BiasFree"), e.getMessage());
    }
}
