package io.dckd.backbones;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.onnx.proto.OnnxMl.ModelProto;
import io.dckd.backbones.kit.PaddedForward;
import io.dckd.core.nn.StateDict;
import io.dckd.core.onnx.OnnxActivations;
import io.dckd.core.onnx.OnnxFloat16;
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
 * SwinIR's ONNX rendering, run by ONNX Runtime, against its DJL inference (padded to the window as
 * {@code Network.infer} pads): every parameter perturbed by N(0, 0.05²) (LayerNorms, biases and the
 * relative position bias table are not left at their neutral starting values) on two batches whose
 * sizes are no multiple of the window, so the in-graph shifted-window mask is built for sizes the
 * graph was not rendered for; every upsampler; and the official swinir-s x2 fixture.
 */
class OnnxSwinIRParityTest {

    private static final double TOLERANCE = 1e-4;
    private static final double FP16_TOLERANCE = 2e-3;
    private static final String FIXTURE = "swinir-s-x2-24x24";

    // swinir-s and swinir-m: 60- and 180-channel convolutions (SafeConvolution's case on the DJL side), window 8, 4 and 6 RSTBs of 6 blocks
    @ParameterizedTest(name = "{0} [{1}] opset {2}")
    @CsvSource(delimiter = '|', value = {
        "SwinIR | embed_dim = 12, depths = [2], num_heads = [2], window_size = 4, upscale = 2, upsampler = pixelshuffle | 17",
        "SwinIR | embed_dim = 12, depths = [2, 2], num_heads = [2, 3], window_size = 8, upscale = 3, upsampler = pixelshuffledirect | 13",
        "SwinIR | embed_dim = 16, depths = [3], num_heads = [4], window_size = 4, upscale = 4, upsampler = \"nearest+conv\", resi_connection = 3conv | 21",
        "SwinIR | embed_dim = 12, depths = [2], num_heads = [2], window_size = 4, upscale = 1, upsampler = \"\" | 18",
        "swinir-s | upscale = 2 | 17",
        "swinir-m | upscale = 2 | 17"})
    void onnxRuntimeEqualsTheDjlInferenceWithPerturbedWeights(String type, String hocon, int opset) {
        OnnxUNetParityTest.assertPerturbedParity(type, hocon, opset);
    }

    @Test
    void officialSwinirSx2WeightsThroughOnnxRuntimeReproduceTheOfficialOutput() {
        try (NDManager m = NDManager.newBaseManager()) {
            Backbone b = officialSwinirS(m);
            Map<String, NDArray> io = TestNets.fixture(m, FIXTURE + "/io.safetensors");
            try (OnnxRuntimeModel ort = OnnxRuntimeModel.of(OnnxUNetParityTest.model(b, 17), 2)) {
                NDArray out = ort.forward(io.get("input"));
                assertEquals(io.get("output").getShape(), out.getShape());
                double diff = TestNets.maxAbsDiff(out, io.get("output"));
                System.out.printf("%s: max |ORT - official| = %.3g%n", FIXTURE, diff);
                assertTrue(diff <= TOLERANCE, FIXTURE + " max abs diff " + diff);
            }
        }
    }

    /**
     * The float16 model of the official weights (float16 weights, input and output) and the float32
     * one with every activation rounded to float16 (a runtime keeping activations in float16): the
     * −100 of the mask and the attention logits fit, and both stay within {@value #FP16_TOLERANCE} of
     * the float32 DJL inference on an odd size (measured 4.9e-4 and 7.2e-4).
     */
    @Test
    void float16ModelsOfTheOfficialWeightsStayCloseToTheFloat32Inference() {
        try (NDManager m = NDManager.newBaseManager()) {
            Backbone b = officialSwinirS(m);
            ModelProto fp32 = OnnxRenderer.render(b, 17, 3).model("test", Map.of());
            m.getEngine().setRandomSeed(3);
            NDArray x = m.randomUniform(0, 1, new Shape(1, 3, 30, 21));
            NDArray expected = PaddedForward.forward(b, new ParameterStore(m, false), x, false);
            for (ModelProto model : List.of(OnnxFloat16.convert(fp32), OnnxActivations.roundedToFloat16(fp32))) {
                try (OnnxRuntimeModel ort = OnnxRuntimeModel.of(model.toByteArray(), 2)) {
                    double diff = OnnxParity.maxAbsDiff(expected, ort, x);
                    System.out.printf("%s float16 (%s): max |ORT - DJL float32| = %.3g%n", FIXTURE,
                            ort.float16() ? "weights and input" : "activations rounded", diff);
                    assertTrue(diff <= FP16_TOLERANCE, FIXTURE + " float16 max abs diff " + diff);
                }
            }
        }
    }

    // swinir-s x2 with the official fixture's weights (BasicSR's SwinIR, 60-dim, 4x6 blocks, window 8)
    private static Backbone officialSwinirS(NDManager m) {
        Backbone b = TestNets.create(m, "swinir-s", "upscale = 2", 24, 24);
        StateDict.load(b.block(), TestNets.fixture(m, FIXTURE + "/weights.safetensors"), true, FIXTURE);
        return b;
    }
}
