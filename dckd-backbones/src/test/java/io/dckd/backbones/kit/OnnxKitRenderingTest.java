package io.dckd.backbones.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import io.dckd.core.onnx.OnnxParity;
import io.dckd.core.onnx.OnnxRenderer;
import io.dckd.core.onnx.OnnxRuntimeModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The kit blocks no preset of this slice's tests reaches, rendered and run by ONNX Runtime against DJL. */
class OnnxKitRenderingTest {

    @ParameterizedTest
    @ValueSource(ints = {17, 21})
    void leakyReluUnshuffleShuffleAndPoolingEqualTheDjlForward(int opset) {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(3);
            // 4 channels, 16 after the unshuffle: this machine's libtorch CPU convolution forward was
            // measured wrong (max error ~1 against a float64 reference, ONNX Runtime within 4e-6) with
            // 24 input channels, which 6 would give
            Block net = new SequentialBlock()
                    .add(Layers.conv(4, 3))
                    .add(Layers.leakyRelu(0.2f))
                    .add(PixelShuffle.unshuffle(2))
                    .add(Layers.conv(8, 3))
                    .add(PixelShuffle.shuffle(2))
                    .add(new SequentialBlock().add(Layers.globalAvgPool()).add(Layers.sigmoid()));
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 8, 8));
            byte[] model = OnnxRenderer.render(net, "kit", opset, 3).model("test", Map.of()).toByteArray();
            try (OnnxRuntimeModel ort = OnnxRuntimeModel.of(model, 1)) {
                for (Shape s : List.of(new Shape(2, 3, 16, 22), new Shape(1, 3, 6, 10))) {
                    double diff = OnnxParity.maxAbsDiff(net, ort, m.randomNormal(s));
                    assertTrue(diff <= 1e-5, s + ": max abs diff " + diff);
                }
            }
        }
    }

    @Test
    void unshuffleAloneEqualsTheDjlOrder() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = new SequentialBlock().add(PixelShuffle.unshuffle(2));
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 4, 4));
            byte[] model = OnnxRenderer.render(net, "unshuffle", 17, 3).model("test", Map.of()).toByteArray();
            try (OnnxRuntimeModel ort = OnnxRuntimeModel.of(model, 1)) {
                NDArray x = m.arange(2 * 3 * 4 * 6f).reshape(2, 3, 4, 6);
                NDArray expected = PixelShuffle.unshuffle(x, 2);
                assertEquals(0f, ort.forward(x).sub(expected).abs().max().getFloat());
            }
        }
    }
}
