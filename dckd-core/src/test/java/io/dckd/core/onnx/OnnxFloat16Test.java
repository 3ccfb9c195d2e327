package io.dckd.core.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The float16 pass on a small graph with RCAN's channel-attention pattern (Conv, a global
 * ReduceMean, Sigmoid, Mul) and a constant: float16 weights and I/O, the mean kept in float32
 * between casts, and ONNX Runtime running both models to nearly the same output.
 */
class OnnxFloat16Test {

    private static final int FLOAT16 = TensorProto.DataType.FLOAT16.getNumber();

    // opset 17: ReduceMean's axes an attribute; 18: an int64 input, which must stay int64
    private static ModelProto attention(int opset, float weightScale) {
        OnnxGraph g = new OnnxGraph("attention", opset);
        Random r = new Random(4);
        float[] w = new float[8 * 3 * 3 * 3];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian() * 0.3f * weightScale;
        }
        String x = g.input(OnnxRenderer.INPUT, 3);
        String y = g.op("Conv", List.of(x, g.constant(w, 8, 3, 3, 3)), Map.of("pads", new long[] {1, 1, 1, 1}));
        String gate = g.op("Sigmoid", g.reduceMean(y, 2, 3));
        String z = g.op("Mul", y, gate);
        String out = g.op("Conv", List.of(g.op("Add", z, g.constant(0.5f)), g.constant(new float[24], 3, 8, 1, 1)), Map.of());
        g.output(g.op("Add", out, x), OnnxRenderer.OUTPUT, 3);
        return g.model("test", Map.of("dckd.scale", "1", OnnxFloat16.PRECISION, "fp32"));
    }

    @ParameterizedTest
    @ValueSource(ints = {17, 18})
    void weightsAndImagesAreFloat16AndTheMeanStaysFloat32(int opset) {
        ModelProto fp16 = OnnxFloat16.convert(attention(opset, 1));
        List<Integer> types = fp16.getGraph().getInitializerList().stream().map(TensorProto::getDataType).toList();
        // the two convolution weights and the 0.5, and at opset 18 the axes
        assertEquals(3, types.stream().filter(t -> t == FLOAT16).count(), types.toString());
        assertEquals(opset < 18 ? 0 : 1, types.stream().filter(t -> t == TensorProto.DataType.INT64.getNumber()).count(), types.toString());
        assertEquals(FLOAT16, fp16.getGraph().getInput(0).getType().getTensorType().getElemType());
        assertEquals(FLOAT16, fp16.getGraph().getOutput(0).getType().getTensorType().getElemType());
        List<NodeProto> nodes = fp16.getGraph().getNodeList();
        int mean = indexOf(nodes, "ReduceMean");
        NodeProto before = nodes.get(mean - 1);
        NodeProto after = nodes.get(mean + 1);
        assertEquals("Cast", before.getOpType());
        assertEquals(TensorProto.DataType.FLOAT.getNumber(), before.getAttribute(0).getI());
        assertEquals(before.getOutput(0), nodes.get(mean).getInput(0));
        assertEquals(opset < 18 ? 1 : 2, nodes.get(mean).getInputCount(), "the int64 axes input is not cast");
        assertEquals("Cast", after.getOpType());
        assertEquals(FLOAT16, after.getAttribute(0).getI());
        assertEquals(nodes.get(mean).getOutput(0), after.getInput(0));
        assertEquals(after.getOutput(0), nodes.get(mean + 2).getInput(0), "the Sigmoid reads the float16 mean");
        Map<String, String> meta = new java.util.TreeMap<>();
        fp16.getMetadataPropsList().forEach(e -> meta.put(e.getKey(), e.getValue()));
        assertEquals(Map.of("dckd.scale", "1", OnnxFloat16.PRECISION, "fp16"), meta);
    }

    @ParameterizedTest
    @ValueSource(ints = {17, 18})
    void onnxRuntimeRunsTheFloat16ModelCloseToTheFloat32One(int opset) {
        ModelProto fp32 = attention(opset, 1);
        ModelProto fp16 = OnnxFloat16.convert(fp32);
        try (OnnxRuntimeModel full = OnnxRuntimeModel.of(fp32.toByteArray(), 1);
             OnnxRuntimeModel half = OnnxRuntimeModel.of(fp16.toByteArray(), 1)) {
            assertFalse(full.float16());
            assertTrue(half.float16());
        }
        float[][] out = outputs(fp32, fp16);
        double diff = 0;
        for (int i = 0; i < out[0].length; i++) {
            diff = Math.max(diff, Math.abs(out[0][i] - out[1][i]));
        }
        // float16 keeps 11 significant bits: relative steps of 2^-11 on values near 1
        assertTrue(diff > 0 && diff < 4e-3, "max |fp16 - fp32| = " + diff);
    }

    // the emulation of float16 storage: every value ONNX Runtime returns is a float16 value
    @ParameterizedTest
    @ValueSource(ints = {17, 18})
    void roundedActivationsAreFloat16ValuesCloseToTheFloat32Ones(int opset) {
        ModelProto fp32 = attention(opset, 1);
        float[][] out = outputs(fp32, OnnxActivations.roundedToFloat16(fp32));
        double diff = 0;
        for (int i = 0; i < out[1].length; i++) {
            assertEquals(out[1][i], Float16.toFloat(Float16.fromFloat(out[1][i])), "not a float16 value at " + i);
            diff = Math.max(diff, Math.abs(out[0][i] - out[1][i]));
        }
        assertTrue(diff > 0 && diff < 1e-2, "max |rounded - fp32| = " + diff);
    }

    // both models' outputs on one seeded 2×3×19×23 batch
    private static float[][] outputs(ModelProto first, ModelProto second) {
        try (NDManager m = NDManager.newBaseManager();
             OnnxRuntimeModel a = OnnxRuntimeModel.of(first.toByteArray(), 1);
             OnnxRuntimeModel b = OnnxRuntimeModel.of(second.toByteArray(), 1)) {
            m.getEngine().setRandomSeed(2);
            NDArray x = m.randomUniform(0, 1, new Shape(2, 3, 19, 23));
            NDArray ya = a.forward(x);
            NDArray yb = b.forward(x);
            assertEquals(ya.getShape(), yb.getShape());
            return new float[][] {ya.toFloatArray(), yb.toFloatArray()};
        }
    }

    @org.junit.jupiter.api.Test
    void aWeightBeyondTheFloat16RangeIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxFloat16.convert(attention(17, 1e6f)));
        assertTrue(e.getMessage().contains("initializer const_") && e.getMessage().contains("65504"), e.getMessage());
    }

    private static int indexOf(List<NodeProto> nodes, String opType) {
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).getOpType().equals(opType)) {
                return i;
            }
        }
        throw new AssertionError("no " + opType + " node");
    }
}
