package io.dckd.backbones;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.typesafe.config.ConfigFactory;
import io.dckd.core.nn.FreshInit;
import io.dckd.backbones.nafnet.NAFNetFactory;
import io.dckd.backbones.restormer.RestormerFactory;
import io.dckd.backbones.vqgan.VqganEncoder;
import io.dckd.core.nn.TorchNames;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.CodebookEncoder;
import org.junit.jupiter.api.Test;

/**
 * Forward passes, in training mode and with a gradient, never allocate in the model's manager
 * (the trainer caps it; NDArray.getGradient itself allocates there, so trainable nets are checked
 * by counting its arrays, the frozen encoder with a capped manager), and gradients reach every trainable parameter /
 * the input through the frozen encoder.
 */
class ModelManagerHygieneTest {

    @Test
    void trainableBackbonesTrainWithACappedModelManager() {
        check(new NAFNetFactory().create(ComponentSpec.of("NAFNet", ConfigFactory.parseString(
                "width = 8, middle_blk_num = 1, enc_blk_nums = [1, 1], dec_blk_nums = [1, 1]"))).block(), new Shape(2, 3, 16, 16));
        check(new RestormerFactory().create(ComponentSpec.of("Restormer", ConfigFactory.parseString(
                "dim = 8, num_blocks = [1, 1, 1, 1], num_refinement_blocks = 1, heads = [1, 1, 2, 2]"))).block(), new Shape(2, 3, 16, 16));
    }

    private static void check(Block block, Shape input) {
        try (NDManager model = NDManager.newBaseManager()) {
            block.initialize(model, DataType.FLOAT32, input);
            FreshInit.apply(block, 5);
            // non-zero layer scales so every parameter is on the gradient path
            TorchNames.parameters(block).forEach((k, p) -> {
                if (k.endsWith(".beta") || k.endsWith(".gamma")) {
                    p.getArray().set(new float[(int) p.getArray().size()]);
                    p.getArray().addi(0.1f);
                }
            });
            TorchNames.parameters(block).values().forEach(p -> p.getArray().setRequiresGradient(true));
            int before = model.getManagedArrays().size();
            ParameterStore ps = new ParameterStore(model, false);
            try (NDManager step = NDManager.newBaseManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray x = step.randomUniform(0, 1, input);
                NDArray y = block.forward(ps, new NDList(x), true).singletonOrThrow();
                assertEquals(input, y.getShape());
                gc.backward(y.square().mean());
            }
            assertEquals(before, model.getManagedArrays().size(), "forward/backward allocated in the model's manager");
            TorchNames.parameters(block).forEach((k, p) -> {
                try (NDArray g = p.getArray().getGradient()) {
                    assertTrue(g.abs().sum().getFloat() > 0, "no gradient reached " + k);
                }
            });
        }
    }

    @Test
    void frozenEncoderPassesGradientToTheImageOnly() {
        try (NDManager model = NDManager.newBaseManager()) {
            VqganEncoder enc = (VqganEncoder) Fixtures.preset("vq-tiny").block();
            enc.initialize(model, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            FreshInit.apply(enc, 9);
            model.cap();
            ParameterStore ps = new ParameterStore(model, false);
            try (NDManager step = NDManager.newBaseManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray x = step.randomUniform(0, 1, new Shape(2, 3, 32, 32));
                x.setRequiresGradient(true);
                CodebookEncoder.Encoding e = enc.encode(ps, x, true);
                assertEquals(new Shape(8, 256), e.codeLogits().getShape());
                NDArray loss = e.levels().get(4).abs().mean().add(e.codeLogits().softmax(1).square().sum());
                gc.backward(loss);
                assertTrue(x.getGradient().abs().sum().getFloat() > 0);
            }
        }
    }
}
