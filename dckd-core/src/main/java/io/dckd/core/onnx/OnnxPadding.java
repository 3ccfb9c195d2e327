package io.dckd.core.onnx;

import java.util.List;
import java.util.Map;

/**
 * An NCHW value padded at the bottom and right to the next multiple of a size, and the crop back to
 * the unpadded size, with the sizes computed in the graph ({@code Shape}, {@code Mod}, {@code Pad},
 * {@code Slice}), so batch, height and width stay dynamic: {@code ph = (m − h mod m) mod m}, likewise
 * {@code pw}; {@code Pad(x, [0, 0, 0, 0, 0, 0, ph, pw], mode)}; later {@code y[:, :, :s·h, :s·w]}.
 *
 * @param graph the graph the nodes are added to
 * @param unpaddedHw the input's height and width (INT64, shape 2), computed in the graph
 * @param padded the padded value
 */
public record OnnxPadding(OnnxGraph graph, String unpaddedHw, String padded) {

    /**
     * Pads {@code x} to the next multiple of {@code multiple} in height and width.
     *
     * @param mode {@code "constant"} (zeros, as {@code F.pad(x, (0, pw, 0, ph))}) or {@code "reflect"}
     *     (PyTorch's 'reflect': the edge row is not repeated; needs the pad below the size)
     */
    public static OnnxPadding toMultiple(OnnxGraph g, String x, long multiple, String mode) {
        if (multiple < 1) {
            throw new IllegalArgumentException("padding multiple must be >= 1, got " + multiple);
        }
        String hw = g.dims(x, 2, 4);
        String m = g.constant(new long[] {multiple});
        String pad = g.op("Mod", g.op("Sub", m, g.op("Mod", hw, m)), m);
        String pads = g.op("Concat", List.of(g.constant(new long[] {0, 0, 0, 0, 0, 0}), pad), Map.of("axis", 0L));
        return new OnnxPadding(g, hw, g.op("Pad", List.of(x, pads), Map.of("mode", mode)));
    }

    /** {@code y[:, :, :scale·h, :scale·w]} for the unpadded input's h, w. */
    public String crop(String y, long scale) {
        String ends = scale == 1 ? unpaddedHw : graph.op("Mul", unpaddedHw, graph.constant(new long[] {scale}));
        return graph.op("Slice", y, graph.constant(new long[] {0, 0}), ends, graph.constant(new long[] {2, 3}));
    }
}
