package io.dckd.core.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The padding to a multiple and the crop back, computed in the graph, under ONNX Runtime. */
class OnnxPaddingTest {

    @Test
    void constantAndReflectPaddingReachTheNextMultipleWithPyTorchsValues() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(2, 2, 5, 7));
            NDArray zeros = run(x, "constant", -1);
            assertEquals(new Shape(2, 2, 8, 8), zeros.getShape());
            assertEquals(x, zeros.get(new NDIndex(":, :, :5, :7")));
            assertEquals(0f, zeros.get(new NDIndex(":, :, 5:, :")).abs().sum().getFloat());
            assertEquals(0f, zeros.get(new NDIndex(":, :, :, 7:")).abs().sum().getFloat());
            NDArray reflected = run(x, "reflect", -1);
            // PyTorch's 'reflect': rows 5, 6, 7 mirror rows 3, 2, 1 (the edge row 4 is not repeated)
            assertEquals(x.get(new NDIndex(":, :, 1:4, :")).flip(2), reflected.get(new NDIndex(":, :, 5:, :7")));
            assertEquals(x.get(new NDIndex(":, :, :, 5:6")), reflected.get(new NDIndex(":, :, :5, 7:")));
            // a size already a multiple is left as it is
            assertEquals(x.get(new NDIndex(":, :, :4, :4")), run(x.get(new NDIndex(":, :, :4, :4")), "reflect", -1));
        }
    }

    @Test
    void theCropReturnsScaleTimesTheInputSize() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(1, 3, 6, 9));
            assertEquals(x, run(x, "reflect", 1));
            NDArray padded = run(x, "reflect", -1);
            NDArray expected = padded.tile(new long[] {1, 1, 2, 2}).get(new NDIndex(":, :, :12, :18"));
            assertEquals(expected, run(x, "reflect", 2));
        }
    }

    /** x padded to a multiple of 4 ({@code scale} < 0), or padded, tiled scale×scale and cropped back. */
    private static NDArray run(NDArray x, String mode, long scale) {
        OnnxGraph g = new OnnxGraph("pad", 17);
        long c = x.getShape().get(1);
        OnnxPadding pad = OnnxPadding.toMultiple(g, g.input("x", c), 4, mode);
        String out = pad.padded();
        if (scale > 0) {
            String tiled = g.op("Tile", out, g.constant(new long[] {1, 1, scale, scale}));
            out = pad.crop(tiled, scale);
        }
        g.output(out, "y", c);
        try (OnnxRuntimeModel ort = OnnxRuntimeModel.of(g.model("test", Map.of()).toByteArray(), 1)) {
            return ort.forward(x);
        }
    }
}
