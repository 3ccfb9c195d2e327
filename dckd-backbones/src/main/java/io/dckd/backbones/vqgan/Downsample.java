package io.dckd.backbones.vqgan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.dckd.backbones.kit.Layers;
import io.dckd.backbones.kit.TorchModule;
import io.dckd.core.onnx.OnnxGraph;
import io.dckd.core.onnx.OnnxRenderable;
import io.dckd.core.onnx.OnnxRenderer;
import java.util.List;
import java.util.Map;

/**
 * Taming's {@code Downsample(with_conv=True)}: zero-pad right and bottom by one
 * ({@code F.pad(x, (0,1,0,1))}), then {@code conv} 3×3, stride 2, no padding.
 * B×C×H×W → B×C×⌊(H−2)/2⌋+1×⌊(W−2)/2⌋+1 (H/2 for even H).
 */
public final class Downsample extends TorchModule implements OnnxRenderable {

    private final Block conv;

    /** Downsampling of {@code channels} channels. */
    public Downsample(int channels) {
        conv = addChildBlock("conv", Layers.conv(channels, 3, 2, 0, 1, true));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(call(conv, ps, x.pad(new Shape(0, 1, 0, 1), 0), training));
    }

    /** The forward as ONNX nodes: Pad with one zero row and column at the end (constant pads), Conv. */
    @Override
    public String render(OnnxRenderer r, String x) {
        OnnxGraph g = r.graph();
        String pads = g.constant(new long[] {0, 0, 0, 0, 0, 0, 1, 1});
        return r.render(conv, g.op("Pad", List.of(x, pads), Map.of("mode", "constant")));
    }

    @Override
    protected void initializeChildBlocks(NDManager m, DataType dt, Shape... in) {
        initChild(conv, m, dt, padded(in[0]));
    }

    private static Shape padded(Shape s) {
        return new Shape(s.get(0), s.get(1), s.get(2) + 1, s.get(3) + 1);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        return conv.getOutputShapes(new Shape[] {padded(in[0])});
    }
}
