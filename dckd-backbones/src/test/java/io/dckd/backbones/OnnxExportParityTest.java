package io.dckd.backbones;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.dckd.core.nn.StateDict;
import io.dckd.core.onnx.OnnxParity;
import io.dckd.core.onnx.OnnxRenderer;
import io.dckd.core.onnx.OnnxRuntimeModel;
import io.dckd.core.spi.Backbone;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The ONNX rendering of a network, run by ONNX Runtime, against its DJL forward: random weights on
 * two input sizes, and the official rcan-s fixture weights against the official output.
 */
class OnnxExportParityTest {

    private static final double TOLERANCE = 1e-4;
    private static final List<Shape> SIZES = List.of(new Shape(2, 3, 17, 23), new Shape(2, 3, 32, 20));

    // res_scale != 1: the scaled residual (ScaledResidual) of EDSR's ResidualBlockNoBN and RCAN's RCAB
    @ParameterizedTest(name = "{0} [{1}]")
    @CsvSource(delimiter = '|', value = {"edsr-t | ''", "rcan-s | ''", "edsr-t | res_scale = 0.1", "rcan-s | res_scale = 0.5"})
    void onnxRuntimeEqualsTheDjlForwardWithRandomWeights(String preset, String hocon) {
        try (NDManager m = NDManager.newBaseManager()) {
            Backbone b = TestNets.create(m, preset, hocon, 17, 23);
            b.initializeWeights(5);
            try (OnnxRuntimeModel ort = OnnxRuntimeModel.of(model(b), 2)) {
                m.getEngine().setRandomSeed(7);
                for (Shape s : SIZES) {
                    double diff = OnnxParity.maxAbsDiff(b.block(), ort, m.randomUniform(0, 1, s));
                    System.out.printf("%s [%s] %s: max |ORT - DJL| = %.3g%n", preset, hocon, s, diff);
                    assertTrue(diff <= TOLERANCE, preset + " " + s + " max abs diff " + diff);
                }
            }
        }
    }

    @Test
    void officialRcanSWeightsThroughOnnxRuntimeReproduceTheOfficialOutput() {
        String fixture = "rcan-s-x4-32x32";
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> io = TestNets.fixture(m, fixture + "/io.safetensors");
            NDArray input = io.get("input");
            Backbone b = TestNets.create(m, "rcan-s", "", (int) input.getShape().get(2), (int) input.getShape().get(3));
            StateDict.load(b.block(), TestNets.fixture(m, fixture + "/weights.safetensors"), true, fixture);
            try (OnnxRuntimeModel ort = OnnxRuntimeModel.of(model(b), 2)) {
                double diff = TestNets.maxAbsDiff(ort.forward(input), io.get("output"));
                System.out.printf("%s: max |ORT - official| = %.3g%n", fixture, diff);
                assertTrue(diff <= TOLERANCE, fixture + " max abs diff " + diff);
            }
        }
    }

    private static byte[] model(Backbone b) {
        return OnnxRenderer.render(b.block(), b.type(), 17, 3).model("test", Map.of()).toByteArray();
    }
}
