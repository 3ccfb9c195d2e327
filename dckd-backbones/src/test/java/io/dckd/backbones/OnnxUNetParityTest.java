package io.dckd.backbones;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The ONNX renderings of the U-Nets (NAFNet, Restormer), run by ONNX Runtime, against their DJL
 * inference (padded as {@code Network.infer} pads): random weights with every parameter perturbed
 * (layer scales, norms and temperatures are not left at their neutral starting values) on two
 * batches whose sizes are no multiple of the padder size, and the official tiny fixtures.
 */
class OnnxUNetParityTest {

    private static final double TOLERANCE = 1e-4;
    private static final List<Shape> SIZES = List.of(new Shape(2, 3, 17, 23), new Shape(1, 3, 30, 21));

    // NAFNet width 12 and Restormer dim 12 give 24- and 48-channel convolution inputs, restormer-s 24 and
    // 126 (GDFN): more than 16 and no multiple of 16 (SafeConvolution's case)
    @ParameterizedTest(name = "{0} {1} opset {2}")
    @CsvSource(delimiter = '|', value = {
        "nafnet-s | '' | 17",
        "NAFNet | width = 12, middle_blk_num = 2, enc_blk_nums = [1, 2], dec_blk_nums = [2, 1] | 13",
        "NAFNet | width = 12, middle_blk_num = 1, enc_blk_nums = [1, 1, 1], dec_blk_nums = [1, 1, 1] | 21",
        // an empty stage (middle_blk_num = 0, in its range) builds, runs and renders as the identity
        "NAFNet | width = 12, middle_blk_num = 0, enc_blk_nums = [1, 1], dec_blk_nums = [1, 1] | 17",
        "restormer-s | '' | 17",
        "Restormer | dim = 12, num_blocks = [1, 1, 1, 1], num_refinement_blocks = 1, heads = [1, 2, 2, 4], bias = true, LayerNorm_type = BiasFree | 21",
        "Restormer | dim = 12, num_blocks = [1, 1, 1, 1], num_refinement_blocks = 1, heads = [2, 2, 4, 4] | 13"})
    void onnxRuntimeEqualsTheDjlInferenceWithPerturbedWeights(String type, String hocon, int opset) {
        assertPerturbedParity(type, hocon, opset);
    }

    /**
     * {@code type} with {@code hocon} (weights initialised, then {@link #perturb}ed) rendered at
     * {@code opset} and run by ONNX Runtime on 2×3×17×23 and 1×3×30×21 batches, within
     * {@value #TOLERANCE} of the padded DJL inference.
     */
    static void assertPerturbedParity(String type, String hocon, int opset) {
        try (NDManager m = NDManager.newBaseManager()) {
            Backbone b = TestNets.create(m, type, hocon, 16, 16);
            b.initializeWeights(5);
            perturb(b, m, 11);
            try (OnnxRuntimeModel ort = OnnxRuntimeModel.of(model(b, opset), 2)) {
                m.getEngine().setRandomSeed(7);
                for (Shape s : SIZES) {
                    NDArray x = m.randomUniform(0, 1, s);
                    NDArray expected = PaddedForward.forward(b, new ParameterStore(m, false), x, false);
                    double diff = OnnxParity.maxAbsDiff(expected, ort, x);
                    System.out.printf("%s [%s] opset %d %s: max |ORT - DJL| = %.3g (max |y| %.3g)%n",
                            type, hocon, opset, s, diff, expected.abs().max().getFloat());
                    assertTrue(diff <= TOLERANCE, type + " " + s + " max abs diff " + diff);
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "nafnet-tiny-32x32 | NAFNet | width = 8, middle_blk_num = 1, enc_blk_nums = [1, 1], dec_blk_nums = [1, 1]",
        "restormer-tiny-32x32 | Restormer | dim = 8, num_blocks = [1, 1, 1, 1], num_refinement_blocks = 1, heads = [1, 1, 2, 2]"})
    void officialTinyWeightsThroughOnnxRuntimeReproduceTheOfficialOutput(String fixture, String type, String hocon) {
        try (NDManager m = NDManager.newBaseManager()) {
            Backbone b = TestNets.create(m, type, hocon, 32, 32);
            StateDict.load(b.block(), TestNets.fixture(m, fixture + "/weights.safetensors"), true, fixture);
            Map<String, NDArray> io = TestNets.fixture(m, fixture + "/io.safetensors");
            try (OnnxRuntimeModel ort = OnnxRuntimeModel.of(model(b, 17), 2)) {
                for (String suffix : new String[] {"", "_odd"}) {
                    if (io.containsKey("input" + suffix)) {
                        double diff = TestNets.maxAbsDiff(ort.forward(io.get("input" + suffix)), io.get("output" + suffix));
                        System.out.printf("%s%s %s: max |ORT - official| = %.3g%n", fixture, suffix, io.get("input" + suffix).getShape(), diff);
                        assertTrue(diff <= TOLERANCE, fixture + suffix + " max abs diff " + diff);
                    }
                }
            }
        }
    }

    /** Adds N(0, 0.05²) noise to every parameter, so zero layer scales and unit norms do not hide a term. */
    static void perturb(Backbone b, NDManager m, int seed) {
        m.getEngine().setRandomSeed(seed);
        for (Parameter p : TorchNames.parameters(b.block()).values()) {
            NDArray a = p.getArray();
            Overwrite.with(a, a.add(m.randomNormal(0, 0.05f, a.getShape(), a.getDataType())));
        }
    }

    static byte[] model(Backbone b, int opset) {
        return OnnxRenderer.render(b, opset, 3).model("test", Map.of()).toByteArray();
    }
}
