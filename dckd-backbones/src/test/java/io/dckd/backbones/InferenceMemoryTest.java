package io.dckd.backbones;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.dckd.core.spi.Backbone;
import io.dckd.core.train.Network;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An inference pass holds one block's arrays at a time (Scoped.link in the bodies): its peak of
 * array memory does not grow with the depth of the body, as in PyTorch under {@code no_grad}. Before,
 * every intermediate lived until the pass returned, so a 6x deeper body held about 6x the bytes (a
 * 128x128 swinir-s pass held 4.8 GB).
 */
class InferenceMemoryTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "EDSR      | num_feat = 16, num_block = 2, upscale = 2 | num_feat = 16, num_block = 12, upscale = 2",
        "RCAN      | num_feat = 16, num_group = 1, num_block = 2, upscale = 2 | num_feat = 16, num_group = 1, num_block = 12, upscale = 2",
        "RCAN      | num_feat = 16, num_group = 1, num_block = 2, upscale = 2 | num_feat = 16, num_group = 6, num_block = 2, upscale = 2",
        "SwinIR    | upscale = 2, img_size = 32, window_size = 8, embed_dim = 12, depths = [2], num_heads = [2] | upscale = 2, img_size = 32, window_size = 8, embed_dim = 12, depths = [12], num_heads = [2]",
        "SwinIR    | upscale = 2, img_size = 32, window_size = 8, embed_dim = 12, depths = [2], num_heads = [2] | upscale = 2, img_size = 32, window_size = 8, embed_dim = 12, depths = [2, 2, 2, 2, 2, 2], num_heads = [2, 2, 2, 2, 2, 2]",
        "NAFNet    | width = 8, middle_blk_num = 1, enc_blk_nums = [1], dec_blk_nums = [1] | width = 8, middle_blk_num = 1, enc_blk_nums = [8], dec_blk_nums = [8]",
        "Restormer | dim = 6, num_blocks = [1, 1, 1, 1], num_refinement_blocks = 1 | dim = 6, num_blocks = [1, 1, 1, 1], num_refinement_blocks = 8",
    })
    void peakArrayBytesDoNotGrowWithDepth(String type, String shallow, String deep) {
        long a = peak(type, shallow);
        long b = peak(type, deep);
        assertTrue(b < 1.3 * a, type + ": peak " + b + " B with the deeper body against " + a + " B (" + deep + " vs " + shallow + ")");
    }

    private static long peak(String type, String hocon) {
        Backbone b = TestNets.factory(type).create(TestNets.PRESETS.resolve(TestNets.spec(type, hocon)));
        try (Network net = Network.create("infer", b, Device.cpu(), 1, false, 32);
             NDManager m = net.manager().newSubManager()) {
            return net.forwardLiveBytes(m.randomUniform(0, 1, new Shape(1, 3, 32, 32)));
        }
    }
}
