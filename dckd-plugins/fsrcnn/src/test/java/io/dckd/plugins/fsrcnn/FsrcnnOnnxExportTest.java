package io.dckd.plugins.fsrcnn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.dckd.core.nn.TorchDefaultInit;
import io.dckd.core.nn.TorchNames;
import io.dckd.core.onnx.OnnxParity;
import io.dckd.core.onnx.OnnxRenderer;
import io.dckd.core.onnx.OnnxRuntimeModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plugin's network renders through the core SPI, and ONNX Runtime runs it as DJL does. */
class FsrcnnOnnxExportTest {

    @Test
    void onnxRuntimeEqualsTheDjlForwardWithRandomWeights() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(9);
            // the default d = 56: the transposed convolution's 56 input channels hit the libtorch CPU
            // kernel fault that SafeConvolution avoids (0.038 off ONNX Runtime before it)
            Fsrcnn net = new Fsrcnn(3, 56, 12, 4, 3);
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 8, 8));
            TorchDefaultInit.apply(net, 9);
            // per-channel PReLU slopes, so a slope broadcast on the wrong axis shows
            TorchNames.parameters(net).forEach((key, p) -> {
                NDArray a = p.getArray();
                if (key.endsWith(".weight") && a.getShape().dimension() == 1) {
                    a.set(m.randomUniform(-0.5f, 0.5f, a.getShape()).toFloatArray());
                }
            });
            byte[] model = OnnxRenderer.render(net, "FSRCNN", 17, 3).model("test", Map.of()).toByteArray();
            try (OnnxRuntimeModel ort = OnnxRuntimeModel.of(model, 2)) {
                for (Shape s : List.of(new Shape(2, 3, 17, 23), new Shape(2, 3, 32, 20))) {
                    double diff = OnnxParity.maxAbsDiff(net, ort, m.randomUniform(0, 1, s));
                    System.out.printf("fsrcnn %s: max |ORT - DJL| = %.3g%n", s, diff);
                    assertTrue(diff <= 1e-4, s + ": max abs diff " + diff);
                }
            }
        }
    }
}
