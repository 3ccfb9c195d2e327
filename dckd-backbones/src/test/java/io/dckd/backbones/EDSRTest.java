package io.dckd.backbones;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.dckd.backbones.kit.Backbones;
import io.dckd.core.nn.TorchNames;
import io.dckd.core.spi.Backbone;
import io.dckd.core.spi.ComponentSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** EDSR structure (BasicSR keys), shapes, and the mean shift. */
class EDSRTest {

    @Test
    void keysAndShapesAreBasicSRs() {
        try (NDManager m = NDManager.newBaseManager()) {
            Backbone b = Backbones.build(TestNets.factory("edsr-t"), ComponentSpec.of("edsr-t"), m, 8, 8);
            Map<String, Parameter> p = TorchNames.parameters(b.block());
            assertEquals(List.of("conv_first.weight", "conv_first.bias", "body.0.conv1.weight", "body.0.conv1.bias",
                    "body.0.conv2.weight", "body.0.conv2.bias"), List.copyOf(p.keySet()).subList(0, 6));
            assertEquals(new Shape(128, 32, 3, 3), p.get("upsample.0.weight").getArray().getShape());
            assertEquals(new Shape(128, 32, 3, 3), p.get("upsample.2.weight").getArray().getShape());
            // 32 feats, 4 blocks, x4: 896 + 4*2*9248 + 9248 + 2*36992 + 867
            assertEquals(896 + 4 * 2 * 9248 + 9248 + 2 * 36992 + 867, TorchNames.count(b.block()));
            NDArray x = m.randomUniform(0f, 1f, new Shape(2, 3, 8, 12));
            NDArray y = b.block().forward(new ParameterStore(m, false), new NDList(x), false).head();
            assertEquals(new Shape(2, 3, 32, 48), y.getShape());
        }
    }

    @Test
    void zeroNetworkOutputsTheMean() {
        // with every weight 0, conv_last gives 0 and the output is 0 / img_range + rgb_mean
        try (NDManager m = NDManager.newBaseManager()) {
            Backbone b = Backbones.build(TestNets.factory("EDSR"), TestNets.spec("EDSR", "num_feat = 8, num_block = 1, upscale = 2, rgb_mean = [0.1, 0.2, 0.3]"), m, 4, 4);
            for (Parameter p : TorchNames.parameters(b.block()).values()) {
                p.getArray().set(new float[(int) p.getArray().size()]);
            }
            NDArray y = b.block().forward(new ParameterStore(m, false), new NDList(m.randomUniform(0f, 1f, new Shape(1, 3, 4, 4))), false).head();
            float[] v = y.toFloatArray();
            assertEquals(0.1f, v[0], 1e-6);
            assertEquals(0.2f, v[64], 1e-6);
            assertEquals(0.3f, v[128], 1e-6);
        }
    }
}
