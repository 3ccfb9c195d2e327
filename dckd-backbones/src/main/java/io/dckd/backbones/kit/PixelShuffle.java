package io.dckd.backbones.kit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.dckd.core.onnx.OnnxGraph;
import io.dckd.core.onnx.OnnxRenderable;
import io.dckd.core.onnx.OnnxRenderer;
import java.util.List;
import java.util.Map;

/**
 * {@code nn.PixelShuffle(r)} (B, C·r², H, W) → (B, C, H·r, W·r) and, with {@link #unshuffle},
 * {@code nn.PixelUnshuffle(r)} (B, C, H, W) → (B, C·r², H/r, W/r); same channel order as PyTorch.
 * No parameters.
 */
public final class PixelShuffle extends AbstractBlock implements OnnxRenderable {

    private final int r;
    private final boolean inverse;

    private PixelShuffle(int r, boolean inverse) {
        if (r < 1) {
            throw new IllegalArgumentException("pixel shuffle factor must be >= 1, got " + r);
        }
        this.r = r;
        this.inverse = inverse;
    }

    /** {@code nn.PixelShuffle(r)}. */
    public static PixelShuffle shuffle(int r) {
        return new PixelShuffle(r, false);
    }

    /** {@code nn.PixelUnshuffle(r)}. */
    public static PixelShuffle unshuffle(int r) {
        return new PixelShuffle(r, true);
    }

    /** Depth to space: out[b, c, h·r+i, w·r+j] = x[b, c·r²+i·r+j, h, w]. */
    public static NDArray shuffle(NDArray x, int r) {
        long[] s = x.getShape().getShape();
        long c = s[1] / (r * (long) r);
        return x.reshape(s[0], c, r, r, s[2], s[3]).transpose(0, 1, 4, 2, 5, 3).reshape(s[0], c, s[2] * r, s[3] * r);
    }

    /** Space to depth, the inverse of {@link #shuffle(NDArray, int)}. */
    public static NDArray unshuffle(NDArray x, int r) {
        long[] s = x.getShape().getShape();
        if (s[2] % r != 0 || s[3] % r != 0) {
            throw new IllegalArgumentException("PixelUnshuffle(" + r + ") needs H and W divisible by " + r + ", got " + x.getShape());
        }
        return x.reshape(s[0], s[1], s[2] / r, r, s[3] / r, r).transpose(0, 1, 3, 5, 2, 4).reshape(s[0], s[1] * r * r, s[2] / r, s[3] / r);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(inverse ? unshuffle(x, r) : shuffle(x, r));
    }

    /**
     * ONNX's DepthToSpace in mode CRD is {@link #shuffle(NDArray, int)}; the unshuffle is
     * {@link #unshuffle(NDArray, int)}'s reshape, transpose, reshape on shapes computed in the graph.
     */
    @Override
    public String render(OnnxRenderer r, String x) {
        OnnxGraph g = r.graph();
        if (!inverse) {
            return g.op("DepthToSpace", List.of(x), Map.of("blocksize", (long) this.r, "mode", "CRD"));
        }
        String shape = g.op("Shape", x);
        String bc = g.op("Slice", shape, g.constant(new long[] {0}), g.constant(new long[] {2}));
        String batch = g.op("Slice", shape, g.constant(new long[] {0}), g.constant(new long[] {1}));
        String hw = g.op("Div", g.op("Slice", shape, g.constant(new long[] {2}), g.constant(new long[] {4})),
                g.constant(new long[] {this.r}));
        String h = g.op("Slice", hw, g.constant(new long[] {0}), g.constant(new long[] {1}));
        String w = g.op("Slice", hw, g.constant(new long[] {1}), g.constant(new long[] {2}));
        String factor = g.constant(new long[] {this.r});
        String cells = g.op("Concat", List.of(bc, h, factor, w, factor), Map.of("axis", 0L));
        String moved = g.op("Transpose", List.of(g.op("Reshape", x, cells)), Map.of("perm", new long[] {0, 1, 3, 5, 2, 4}));
        return g.op("Reshape", moved, g.op("Concat", List.of(batch, g.constant(new long[] {-1}), hw), Map.of("axis", 0L)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        Shape s = in[0];
        long rr = (long) r * r;
        if (!inverse && s.get(1) % rr != 0) {
            throw new IllegalArgumentException("pixel shuffle x" + r + " needs channels divisible by " + rr + ", got " + s.get(1));
        }
        return new Shape[] {inverse
                ? new Shape(s.get(0), s.get(1) * rr, s.get(2) / r, s.get(3) / r)
                : new Shape(s.get(0), s.get(1) / rr, s.get(2) * r, s.get(3) * r)};
    }
}
