package io.dckd.backbones;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.dckd.backbones.kit.Backbones;
import io.dckd.backbones.kit.PaddedForward;
import io.dckd.core.nn.StateDict;
import io.dckd.core.nn.TorchNames;
import io.dckd.core.spi.Backbone;
import org.junit.jupiter.api.Test;

/** SwinIR behaviour that the official fixture does not cover: padding, drop-path, other heads. */
class SwinIRBehaviourTest {

    private static final String TINY = "embed_dim = 12, depths = [2, 2], num_heads = [2, 2], window_size = 4, "
            + "img_size = 16, mlp_ratio = 2, upsampler = pixelshuffle, img_range = 1.0, upscale = 2";

    private static NDArray forward(Backbone b, NDManager m, NDArray x, boolean training) {
        return b.block().forward(new ParameterStore(m, false), new NDList(x), training).head();
    }

    @Test
    void paddedForwardReflectsBottomRightAndCrops() {
        try (NDManager m = NDManager.newBaseManager()) {
            Backbone b = Backbones.build(TestNets.factory("SwinIR"), TestNets.spec("SwinIR", TINY), m, 16, 16, 7);
            assertEquals(4, b.sizeMultiple());
            NDArray x = m.randomUniform(0f, 1f, new Shape(1, 3, 13, 10));
            assertThrows(IllegalArgumentException.class, () -> forward(b, m, x, false));

            NDArray out = PaddedForward.forward(b, new ParameterStore(m, false), x, false);
            assertEquals(new Shape(1, 3, 26, 20), out.getShape());

            // independent reflect padding: padded[i] = x[2(n-1) - i] for i >= n (edge not repeated)
            float[] src = x.toFloatArray();
            float[] padded = new float[3 * 16 * 12];
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < 16; i++) {
                    for (int j = 0; j < 12; j++) {
                        int si = i < 13 ? i : 2 * 12 - i;
                        int sj = j < 10 ? j : 2 * 9 - j;
                        padded[(c * 16 + i) * 12 + j] = src[(c * 13 + si) * 10 + sj];
                    }
                }
            }
            NDArray manual = forward(b, m, m.create(padded, new Shape(1, 3, 16, 12)), false)
                    .get(new NDIndex(":, :, :26, :20"));
            assertEquals(0.0, TestNets.maxAbsDiff(out, manual), 1e-6);

            NDArray aligned = m.randomUniform(0f, 1f, new Shape(1, 3, 8, 12));
            assertEquals(0.0, TestNets.maxAbsDiff(PaddedForward.forward(b, new ParameterStore(m, false), aligned, false),
                    forward(b, m, aligned, false)), 0.0);
        }
    }

    @Test
    void dropPathActsOnlyInTraining() {
        try (NDManager m = NDManager.newBaseManager()) {
            Backbone dp = Backbones.build(TestNets.factory("SwinIR"), TestNets.spec("SwinIR", TINY + ", drop_path_rate = 0.5"), m, 16, 16, 3);
            Backbone plain = Backbones.build(TestNets.factory("SwinIR"), TestNets.spec("SwinIR", TINY + ", drop_path_rate = 0.0"), m, 16, 16, 4);
            StateDict.load(plain.block(), StateDict.of(dp.block()), true, "drop-path net");
            NDArray x = m.randomUniform(0f, 1f, new Shape(2, 3, 8, 16));

            NDArray eval1 = forward(dp, m, x, false);
            NDArray eval2 = forward(dp, m, x, false);
            NDArray evalPlain = forward(plain, m, x, false);
            assertEquals(0.0, TestNets.maxAbsDiff(eval1, eval2), 0.0);
            assertEquals(0.0, TestNets.maxAbsDiff(eval1, evalPlain), 0.0);
            // with rate 0, training mode is the same network (all dropout rates are 0)
            assertEquals(0.0, TestNets.maxAbsDiff(forward(plain, m, x, true), evalPlain), 1e-6);
            NDArray train = forward(dp, m, x, true);
            assertTrue(TestNets.maxAbsDiff(train, eval1) > 1e-4, "drop-path must change training outputs");
        }
    }

    @Test
    void otherHeadsAndResidualConnectionsBuildAndRun() {
        try (NDManager m = NDManager.newBaseManager()) {
            String base = "embed_dim = 16, depths = [2], num_heads = [4], window_size = 4, img_size = 16, mlp_ratio = 2";
            Backbone direct = Backbones.build(TestNets.factory("SwinIR"),
                    TestNets.spec("SwinIR", base + ", upsampler = pixelshuffledirect, upscale = 3, resi_connection = 3conv"), m, 8, 8);
            assertEquals(new Shape(1, 3, 24, 24), forward(direct, m, m.randomUniform(0f, 1f, new Shape(1, 3, 8, 8)), false).getShape());
            assertTrue(TorchNames.parameters(direct.block()).containsKey("conv_after_body.4.weight"));
            assertTrue(TorchNames.parameters(direct.block()).containsKey("layers.0.conv.2.weight"));
            assertTrue(TorchNames.parameters(direct.block()).containsKey("upsample.0.weight"));

            Backbone none = Backbones.build(TestNets.factory("SwinIR"), TestNets.spec("SwinIR", base + ", upsampler = \"\", upscale = 1"), m, 8, 8);
            assertEquals(1, none.scale());
            NDArray x = m.randomUniform(0f, 1f, new Shape(1, 3, 8, 12));
            assertEquals(x.getShape(), forward(none, m, x, false).getShape());

            Backbone nearest = Backbones.build(TestNets.factory("SwinIR"), TestNets.spec("SwinIR", base + ", upsampler = \"nearest+conv\", upscale = 4"), m, 8, 8);
            assertEquals(new Shape(1, 3, 32, 32), forward(nearest, m, m.randomUniform(0f, 1f, new Shape(1, 3, 8, 8)), false).getShape());
            assertTrue(TorchNames.parameters(nearest.block()).containsKey("conv_hr.weight"));
        }
    }

    @Test
    void swinirInitIsTruncatedNormalOnLinearsAndDeterministic() {
        try (NDManager m = NDManager.newBaseManager()) {
            Backbone a = Backbones.build(TestNets.factory("SwinIR"), TestNets.spec("SwinIR", TINY), m, 16, 16, 11);
            Backbone b = Backbones.build(TestNets.factory("SwinIR"), TestNets.spec("SwinIR", TINY), m, 16, 16, 11);
            var pa = TorchNames.parameters(a.block());
            var pb = TorchNames.parameters(b.block());
            for (String k : pa.keySet()) {
                assertEquals(0.0, TestNets.maxAbsDiff(pa.get(k).getArray(), pb.get(k).getArray()), 0.0, k);
            }
            NDArray qkv = pa.get("layers.0.residual_group.blocks.1.attn.qkv.weight").getArray();
            float std = qkv.sub(qkv.mean()).pow(2).mean().sqrt().getFloat();
            assertEquals(0.02, std, 0.003);
            assertEquals(0f, pa.get("layers.0.residual_group.blocks.1.attn.qkv.bias").getArray().abs().max().getFloat());
        }
    }
}
