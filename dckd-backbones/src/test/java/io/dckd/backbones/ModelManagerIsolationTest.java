package io.dckd.backbones;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.dckd.backbones.kit.Backbones;
import io.dckd.backbones.kit.PaddedForward;
import io.dckd.core.spi.Backbone;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Forward passes allocate only in the input's manager: the model's manager is capped (any attach
 * to it throws), as the trainer caps it once initialised.
 */
class ModelManagerIsolationTest {

    @ParameterizedTest(name = "{0} training={2}")
    @CsvSource(delimiter = '|', value = {
        "rcan-s | upscale = 2 | false",
        "edsr-t | upscale = 3 | true",
        "SwinIR | embed_dim = 12, depths = [2], num_heads = [2], window_size = 4, img_size = 8, mlp_ratio = 2, upsampler = pixelshuffle, upscale = 2, drop_path_rate = 0.2, drop_rate = 0.1, attn_drop_rate = 0.1 | true",
        "SwinIR | embed_dim = 12, depths = [2], num_heads = [2], window_size = 4, img_size = 8, mlp_ratio = 2, upsampler = pixelshuffle, upscale = 2 | false",
    })
    void forwardDoesNotTouchTheModelManager(String type, String hocon, boolean training) {
        try (NDManager model = NDManager.newBaseManager(); NDManager batch = NDManager.newBaseManager()) {
            Backbone b = Backbones.build(TestNets.factory(type), TestNets.spec(type, hocon), model, 8, 8);
            model.cap();
            NDArray x = batch.randomUniform(0f, 1f, new Shape(2, 3, 7, 9));
            NDArray y = PaddedForward.forward(b, new ParameterStore(batch, false), x, training);
            assertEquals(new Shape(2, 3, 7L * b.scale(), 9L * b.scale()), y.getShape());
            NDArray z = b.block().forward(new ParameterStore(batch, false), new NDList(batch.ones(new Shape(1, 3, 8, 8))), training).head();
            assertEquals(batch, z.getManager());
        }
    }
}
