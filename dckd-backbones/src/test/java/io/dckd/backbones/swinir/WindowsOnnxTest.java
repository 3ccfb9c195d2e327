package io.dckd.backbones.swinir;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.dckd.core.onnx.OnnxGraph;
import io.dckd.core.onnx.OnnxRuntimeModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The window helpers' ONNX renderings against their DJL forms, one graph per window and shift run
 * on several H×W (multiples of the window, square and not): the shifted-window mask built in the
 * graph equals {@code calculate_mask} for each size, and the rendered roll, partition and reverse
 * equal {@link Windows#roll} then {@link Windows#partition} and {@link Windows#reverse}.
 */
class WindowsOnnxTest {

    @ParameterizedTest(name = "window {0}, shift {1}")
    @CsvSource({"4, 2", "8, 4", "8, 3"})
    void theMaskBuiltInTheGraphIsCalculateMaskForEverySize(int ws, int shift) {
        OnnxGraph g = new OnnxGraph("mask", 17);
        String tokens = g.op("Transpose", List.of(g.input("input", 1)), Map.of("perm", new long[] {0, 2, 3, 1}));
        long n = (long) ws * ws;
        String mask = Windows.renderAttentionMask(g, tokens, ws, shift);
        g.output(g.op("Reshape", mask, g.constant(new long[] {1, 1, -1, n})), "output", 1);
        try (NDManager m = NDManager.newBaseManager();
             OnnxRuntimeModel ort = OnnxRuntimeModel.of(g.model("test", Map.of()).toByteArray(), 1)) {
            for (int[] hw : new int[][] {{ws, ws}, {3 * ws, 5 * ws}, {4 * ws, 2 * ws}}) {
                NDArray expected = Windows.attentionMask(m, hw[0], hw[1], ws, shift).reshape(1, 1, -1, n);
                NDArray actual = ort.forward(m.zeros(new Shape(1, 1, hw[0], hw[1])));
                assertEquals(expected.getShape(), actual.getShape(), hw[0] + "x" + hw[1]);
                assertEquals(0f, expected.sub(actual).abs().max().getFloat(), hw[0] + "x" + hw[1]);
            }
        }
    }

    @ParameterizedTest(name = "window {0}, shift {1}")
    @CsvSource({"4, 2", "8, 4"})
    void rollPartitionAndReverseMatchTheirDjlForms(int ws, int shift) {
        OnnxGraph g = new OnnxGraph("windows", 13);
        long c = 3;
        String x = g.op("Transpose", List.of(g.input("input", c)), Map.of("perm", new long[] {0, 2, 3, 1}));
        String rolled = Windows.renderRoll(g, Windows.renderRoll(g, x, -shift, 1), -shift, 2);
        String windows = Windows.renderPartition(g, rolled, ws, c);
        String scaled = g.op("Mul", windows, g.constant(2f));
        String back = Windows.renderReverse(g, scaled, ws, c, x);
        g.output(g.op("Transpose", List.of(back), Map.of("perm", new long[] {0, 3, 1, 2})), "output", c);
        try (NDManager m = NDManager.newBaseManager();
             OnnxRuntimeModel ort = OnnxRuntimeModel.of(g.model("test", Map.of()).toByteArray(), 1)) {
            for (int[] hw : new int[][] {{2 * ws, 3 * ws}, {3 * ws, ws}}) {
                NDArray in = m.randomUniform(0, 1, new Shape(2, c, hw[0], hw[1]));
                NDArray t = Windows.roll(Windows.roll(in.transpose(0, 2, 3, 1), -shift, 1), -shift, 2);
                NDArray expected = Windows.reverse(Windows.partition(t, ws).mul(2f), ws, hw[0], hw[1]).transpose(0, 3, 1, 2);
                NDArray actual = ort.forward(in);
                assertEquals(expected.getShape(), actual.getShape());
                assertEquals(0f, expected.sub(actual).abs().max().getFloat(), hw[0] + "x" + hw[1]);
            }
        }
    }
}
