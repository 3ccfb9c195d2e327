package io.dckd.backbones;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.dckd.core.nn.StateDict;
import io.dckd.core.onnx.OnnxRuntimeModel;
import io.dckd.core.spi.Backbone;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SwinIR's ONNX rendering, run by ONNX Runtime, against its DJL inference (padded to the window as
 * {@code Network.infer} pads): every parameter perturbed by N(0, 0.05²) (LayerNorms, biases and the
 * relative position bias table are not left at their neutral starting values) on two batches whose
 * sizes are no multiple of the window, so the in-graph shifted-window mask is built for sizes the
 * graph was not rendered for; every upsampler; and the official swinir-s x2 fixture.
 */
class OnnxSwinIRParityTest {

    private static final double TOLERANCE = 1e-4;

    // swinir-s: 60-channel convolutions (SafeConvolution's case on the DJL side), window 8, 4 RSTBs of 6 blocks
    @ParameterizedTest(name = "{0} [{1}] opset {2}")
    @CsvSource(delimiter = '|', value = {
        "SwinIR | embed_dim = 12, depths = [2], num_heads = [2], window_size = 4, upscale = 2, upsampler = pixelshuffle | 17",
        "SwinIR | embed_dim = 12, depths = [2, 2], num_heads = [2, 3], window_size = 8, upscale = 3, upsampler = pixelshuffledirect | 13",
        "SwinIR | embed_dim = 16, depths = [3], num_heads = [4], window_size = 4, upscale = 4, upsampler = \"nearest+conv\", resi_connection = 3conv | 21",
        "SwinIR | embed_dim = 12, depths = [2], num_heads = [2], window_size = 4, upscale = 1, upsampler = \"\" | 18",
        "swinir-s | upscale = 2 | 17"})
    void onnxRuntimeEqualsTheDjlInferenceWithPerturbedWeights(String type, String hocon, int opset) {
        OnnxUNetParityTest.assertPerturbedParity(type, hocon, opset);
    }

    @Test
    void officialSwinirSx2WeightsThroughOnnxRuntimeReproduceTheOfficialOutput() {
        String fixture = "swinir-s-x2-24x24";
        try (NDManager m = NDManager.newBaseManager()) {
            Backbone b = TestNets.create(m, "swinir-s", "upscale = 2", 24, 24);
            StateDict.load(b.block(), TestNets.fixture(m, fixture + "/weights.safetensors"), true, fixture);
            Map<String, NDArray> io = TestNets.fixture(m, fixture + "/io.safetensors");
            try (OnnxRuntimeModel ort = OnnxRuntimeModel.of(OnnxUNetParityTest.model(b, 17), 2)) {
                NDArray out = ort.forward(io.get("input"));
                assertEquals(io.get("output").getShape(), out.getShape());
                double diff = TestNets.maxAbsDiff(out, io.get("output"));
                System.out.printf("%s: max |ORT - official| = %.3g%n", fixture, diff);
                assertTrue(diff <= TOLERANCE, fixture + " max abs diff " + diff);
            }
        }
    }
}
