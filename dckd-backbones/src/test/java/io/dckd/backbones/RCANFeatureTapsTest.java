package io.dckd.backbones;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.typesafe.config.ConfigFactory;
import io.dckd.backbones.rcan.RCANFactory;
import io.dckd.core.spi.Backbone;
import io.dckd.core.spi.ComponentSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RCAN with {@code feature_taps = true}: the same image as without, plus one tap per residual group. */
class RCANFeatureTapsTest {

    private static Backbone rcan(boolean taps) {
        String hocon = "type = RCAN, num_feat = 8, num_group = 3, num_block = 1, squeeze_factor = 4, upscale = 2, img_range = 1.0"
                + (taps ? ", feature_taps = true" : "");
        return new RCANFactory().create(new ComponentSpec("RCAN", ConfigFactory.parseString(hocon), "network_g"));
    }

    @Test
    void tapsFollowTheImageAndLeaveItUnchanged() {
        Backbone plain = rcan(false);
        Backbone tapped = rcan(true);
        assertEquals(List.of(), plain.featureTaps());
        assertEquals(List.of("body.0", "body.1", "body.2"), tapped.featureTaps());
        try (NDManager m = NDManager.newBaseManager()) {
            Shape in = new Shape(2, 3, 6, 5);
            plain.block().initialize(m, DataType.FLOAT32, in);
            tapped.block().initialize(m, DataType.FLOAT32, in);
            plain.initializeWeights(7);
            tapped.initializeWeights(7);
            m.getEngine().setRandomSeed(1);
            NDArray x = m.randomUniform(0, 1, in);
            ParameterStore ps = new ParameterStore(m, false);
            NDList a = plain.block().forward(ps, new NDList(x), false);
            NDList b = tapped.block().forward(ps, new NDList(x), false);
            assertEquals(1, a.size());
            assertEquals(4, b.size());
            assertArrayEquals(a.get(0).toFloatArray(), b.get(0).toFloatArray(), 0f);
            for (int g = 1; g < 4; g++) {
                assertEquals(new Shape(2, 8, 6, 5), b.get(g).getShape());
            }
        }
    }
}
