package io.dckd.backbones;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import io.dckd.core.config.ConfigProblem;
import io.dckd.core.config.Precision;
import io.dckd.core.spi.Backbone;
import io.dckd.core.train.Network;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code precision.student = bf16}: the trained network computes its training forwards in bf16 from
 * fp32 master weights. Its gradients arrive in fp32 on the fp32 parameters, finite, and close to the
 * fp32 network's; inference forwards stay fp32.
 */
class StudentBf16Test {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "EDSR | num_feat = 16, num_block = 2, upscale = 4, img_range = 1.0",
        "RCAN | num_feat = 32, num_group = 2, num_block = 2, squeeze_factor = 16, upscale = 4, img_range = 1.0",
        "SwinIR | upscale = 4, upsampler = pixelshuffle, img_size = 16, window_size = 4, embed_dim = 16, depths = [2, 2], num_heads = [2, 2], drop_path_rate = 0.0",
    })
    void gradientsReachTheFp32WeightsCloseToFp32(String type, String hocon) {
        try (Network fp32 = net(type, hocon); Network bf16 = net(type, hocon); NDManager m = NDManager.newBaseManager()) {
            bf16.trainIn(Precision.BF16);
            assertEquals(Precision.BF16, bf16.trainingPrecision());
            m.getEngine().setRandomSeed(3);
            NDArray x = m.randomUniform(0, 1, new Shape(2, 3, 12, 12));
            NDArray y = m.randomUniform(0, 1, new Shape(2, 3, 48, 48));
            float lossFp32 = lossAndGradients(fp32, x, y);
            float lossBf16 = lossAndGradients(bf16, x, y);
            assertEquals(lossFp32, lossBf16, 2e-2 * lossFp32, "L1 loss");
            double num = 0;
            double den = 0;
            for (Map.Entry<String, Parameter> e : bf16.parameters().entrySet()) {
                NDArray weight = e.getValue().getArray();
                NDArray g = weight.getGradient();
                assertEquals(DataType.FLOAT32, weight.getDataType(), e.getKey() + ": the master stays fp32");
                assertEquals(DataType.FLOAT32, g.getDataType(), e.getKey() + ": its gradient arrives in fp32");
                assertTrue(g.isInfinite().logicalOr(g.isNaN()).none().getBoolean(), e.getKey() + ": finite gradient");
                NDArray ref = fp32.parameters().get(e.getKey()).getArray().getGradient();
                num += g.sub(ref).square().sum().getFloat();
                den += ref.square().sum().getFloat();
            }
            double rel = Math.sqrt(num / den);
            // bf16 keeps 8 bits of mantissa: about 4e-3 per rounding, a few of them compound through the net
            assertTrue(rel < 5e-2, type + ": relative L2 of all gradients to fp32 " + rel);
            assertTrue(rel > 0, "the bf16 pass really ran in bf16");
        }
    }

    @Test
    void swinIRsStochasticDepthRunsInBf16() {
        // drop_path_rate > 0: the training forward draws a mask per sample, in the activation's dtype
        try (Network swin = net("SwinIR", "upscale = 2, upsampler = pixelshuffle, img_size = 16, window_size = 4, embed_dim = 16, depths = [2], num_heads = [2],"
                + " drop_path_rate = 0.5"); NDManager m = NDManager.newBaseManager()) {
            swin.trainIn(Precision.BF16);
            float loss = lossAndGradients(swin, m.randomUniform(0, 1, new Shape(4, 3, 8, 8)), m.zeros(new Shape(4, 3, 16, 16)));
            assertTrue(Float.isFinite(loss), "loss " + loss);
            for (Map.Entry<String, Parameter> e : swin.parameters().entrySet()) {
                NDArray g = e.getValue().getArray().getGradient();
                assertTrue(g.isInfinite().logicalOr(g.isNaN()).none().getBoolean(), e.getKey() + ": finite gradient");
            }
        }
    }

    @Test
    void inferenceStaysFp32() {
        String hocon = "num_feat = 16, num_block = 2, upscale = 4, img_range = 1.0";
        try (Network fp32 = net("EDSR", hocon); Network bf16 = net("EDSR", hocon); NDManager m = NDManager.newBaseManager()) {
            bf16.trainIn(Precision.BF16);
            NDArray x = m.randomUniform(0, 1, new Shape(1, 3, 8, 8));
            NDArray a = fp32.forward(x, false);
            NDArray b = bf16.forward(x, false);
            assertEquals(0f, a.sub(b).abs().max().getFloat());
        }
    }

    @Test
    void anArchitectureNotCheckedInBf16TrainingIsRefused() {
        try (Network naf = net("NAFNet", "width = 8, middle_blk_num = 1, enc_blk_nums = [1], dec_blk_nums = [1]")) {
            ConfigProblem e = assertThrows(ConfigProblem.class, () -> naf.trainIn(Precision.BF16));
            assertTrue(e.getMessage().contains("precision.student = bf16") && e.getMessage().contains("[EDSR, RCAN, SwinIR]"), e.getMessage());
            ConfigProblem half = assertThrows(ConfigProblem.class, () -> naf.trainIn(Precision.FP16));
            assertTrue(half.getMessage().contains("fp32 or bf16"), half.getMessage());
        }
    }

    private static float lossAndGradients(Network net, NDArray x, NDArray y) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray loss = net.forward(x, true).sub(y).abs().mean();
            gc.backward(loss);
            return loss.getFloat();
        }
    }

    private static Network net(String type, String hocon) {
        Backbone b = TestNets.factory(type).create(TestNets.PRESETS.resolve(TestNets.spec(type, hocon)));
        return Network.create("student", b, Device.cpu(), 5, true, 16);
    }
}
