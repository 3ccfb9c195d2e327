package io.dckd.backbones.vqgan;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import io.dckd.backbones.Fixtures;
import io.dckd.backbones.kit.PaddedForward;
import io.dckd.core.nn.Overwrite;
import io.dckd.core.nn.StateDict;
import io.dckd.core.nn.TorchNames;
import io.dckd.core.onnx.OnnxParity;
import io.dckd.core.onnx.OnnxRenderer;
import io.dckd.core.onnx.OnnxRuntimeModel;
import io.dckd.core.spi.Backbone;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The VQGAN encoder's ONNX renderings under ONNX Runtime against DJL, with the official vq-tiny
 * weights plus N(0, 0.05²) noise on every parameter (so unit GroupNorm weights and zero biases hide
 * nothing): the full taming encoder (GroupNorm + swish, AttnBlock, asymmetric-pad Downsample, mid
 * block; its latent z) on sizes no multiple of 16, and the backbone's export (its forward's first
 * output, level 1, reflect-padded to 16 in the graph) against {@code Network.infer}'s padding.
 */
class VqganOnnxTest {

    private static final String DIR = "/fixtures/vq-tiny-64x64/";
    private static final List<Shape> SIZES = List.of(new Shape(2, 3, 17, 23), new Shape(1, 3, 30, 21));

    @Test
    void theFullEncoderRendersItsLatentOnOddSizes() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            VqganEncoder enc = tiny(m);
            Encoder encoder = enc.encoder();
            byte[] model = OnnxRenderer.render(encoder, "vq-tiny-encoder", 13, 3).model("test", Map.of()).toByteArray();
            try (OnnxRuntimeModel ort = OnnxRuntimeModel.of(model, 2)) {
                m.getEngine().setRandomSeed(5);
                for (Shape s : SIZES) {
                    double diff = OnnxParity.maxAbsDiff(encoder, ort, m.randomUniform(0, 1, s));
                    System.out.printf("vq-tiny encoder latent %s: max |ORT - DJL| = %.3g%n", s, diff);
                    assertTrue(diff <= 1e-4, s + " max abs diff " + diff);
                }
            }
        }
    }

    @Test
    void theBackboneExportsItsFirstLevelPaddedToSixteen() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Backbone b = Fixtures.preset("vq-tiny");
            tiny(m, (VqganEncoder) b.block());
            byte[] model = OnnxRenderer.render(b, 17, 3).model("test", Map.of()).toByteArray();
            try (OnnxRuntimeModel ort = OnnxRuntimeModel.of(model, 2)) {
                m.getEngine().setRandomSeed(6);
                for (Shape s : SIZES) {
                    NDArray x = m.randomUniform(0, 1, s);
                    NDArray expected = PaddedForward.forward(b, new ParameterStore(m, false), x, false);
                    double diff = OnnxParity.maxAbsDiff(expected, ort, x);
                    System.out.printf("vq-tiny level 1 %s -> %s: max |ORT - DJL| = %.3g%n", s, expected.getShape(), diff);
                    assertTrue(diff <= 1e-4, s + " max abs diff " + diff);
                }
            }
        }
    }

    /** The blocks alone with strong random weights, where attention is sharp (the encoder's tokens above are few). */
    @Test
    void resnetAttentionAndDownsampleBlocksEqualTheDjlForward() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock net = new SequentialBlock().add(new ResnetBlock(32, 64, 0f, 32)).add(new AttnBlock(64, 32))
                    .add(new Downsample(64)).add(new ResnetBlock(64, 64, 0.5f, 32));
            net.initialize(m, DataType.FLOAT32, new Shape(1, 32, 8, 8));
            m.getEngine().setRandomSeed(8);
            for (Parameter p : TorchNames.parameters(net).values()) {
                Overwrite.with(p.getArray(), m.randomNormal(0, 0.2f, p.getArray().getShape(), DataType.FLOAT32));
            }
            byte[] model = OnnxRenderer.render(net, "vq-blocks", 18, 32).model("test", Map.of()).toByteArray();
            try (OnnxRuntimeModel ort = OnnxRuntimeModel.of(model, 1)) {
                for (Shape s : List.of(new Shape(2, 32, 9, 11), new Shape(1, 32, 6, 5))) {
                    NDArray x = m.randomNormal(s);
                    double diff = OnnxParity.maxAbsDiff(net, ort, x);
                    System.out.printf("vq blocks %s: max |ORT - DJL| = %.3g (max |y| %.3g)%n", s, diff,
                            net.forward(new ParameterStore(m, false), new NDList(x), false).head().abs().max().getFloat());
                    assertTrue(diff <= 1e-4, s + " max abs diff " + diff);
                }
            }
        }
    }

    private static VqganEncoder tiny(NDManager m) throws Exception {
        return tiny(m, (VqganEncoder) Fixtures.preset("vq-tiny").block());
    }

    private static VqganEncoder tiny(NDManager m, VqganEncoder enc) throws Exception {
        enc.initialize(m, DataType.FLOAT32, new Shape(1, 3, 64, 64));
        StateDict.load(enc, Fixtures.read(m, DIR + "weights.safetensors"), false, "vq-tiny weights");
        m.getEngine().setRandomSeed(4);
        for (Parameter p : TorchNames.parameters(enc).values()) {
            NDArray a = p.getArray();
            Overwrite.with(a, a.add(m.randomNormal(0, 0.05f, a.getShape(), a.getDataType())));
        }
        return enc;
    }
}
