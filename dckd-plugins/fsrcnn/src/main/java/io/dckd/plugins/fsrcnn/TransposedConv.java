package io.dckd.plugins.fsrcnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import io.dckd.core.nn.AtenOps;
import io.dckd.core.nn.SafeConvolution;
import io.dckd.core.onnx.OnnxRenderable;
import io.dckd.core.onnx.OnnxRenderer;
import java.util.List;
import java.util.Map;

/**
 * {@code torch.nn.ConvTranspose2d(cin, cout, k, stride=s, padding=p, output_padding=s-1)}, which
 * DJL's PyTorch engine does not implement: the input is dilated by s (zeros between and s−1 zero
 * rows/columns after the pixels, which is the output padding), then convolved with the kernel
 * transposed in its channel axes and flipped spatially, padding k−1−p. Output: s·H × s·W when
 * k = 2p + 1. State-dict layout as PyTorch: {@code weight} (cin, cout, k, k), {@code bias} (cout).
 */
final class TransposedConv extends AbstractBlock implements OnnxRenderable {

    private final int cout;
    private final int k;
    private final int stride;
    private final int padding;
    private final Parameter weight;
    private final Parameter bias;

    TransposedConv(int cout, int k, int stride, int padding) {
        this.cout = cout;
        this.k = k;
        this.stride = stride;
        this.padding = padding;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optInitializer(new UniformInitializer(0.01f)).build());
        this.bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build());
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        long cin = inputShapes[0].get(1);
        weight.setShape(new Shape(cin, cout, k, k));
        bias.setShape(new Shape(cout));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        long b = x.getShape().get(0);
        long c = x.getShape().get(1);
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        NDManager m = x.getManager();
        NDArray dilated = x;
        if (stride > 1) {
            NDArray cell = x.reshape(b, c, h, 1, w, 1);
            cell = cell.concat(m.zeros(new Shape(b, c, h, stride - 1, w, 1), x.getDataType(), x.getDevice()), 3);
            cell = cell.concat(m.zeros(new Shape(b, c, h, stride, w, stride - 1), x.getDataType(), x.getDevice()), 5);
            dilated = cell.reshape(b, c, h * stride, w * stride);
        }
        NDArray weights = ps.getValue(weight, x.getDevice(), training);
        NDArray kernel = weights.transpose(1, 0, 2, 3).flip(2, 3);
        // 56 input channels, 3 output channels: both libtorch CPU kernel faults SafeConvolution avoids
        boolean backward = training && weights.hasGradient() || AtenOps.gradientReaches(x);
        NDArray out = SafeConvolution.conv2d(dilated, kernel, ps.getValue(bias, x.getDevice(), training), new Shape(1, 1),
                new Shape(k - 1 - padding, k - 1 - padding), new Shape(1, 1), 1, backward);
        return new NDList(out);
    }

    /** ONNX's ConvTranspose has PyTorch's definition: same weight layout, padding and output padding. */
    @Override
    public String render(OnnxRenderer r, String x) {
        return r.graph().op("ConvTranspose", List.of(x, r.parameter(weight), r.parameter(bias)), Map.of(
                "kernel_shape", new long[] {k, k},
                "strides", new long[] {stride, stride},
                "pads", new long[] {padding, padding, padding, padding},
                "output_padding", new long[] {stride - 1, stride - 1}));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        Shape s = in[0];
        return new Shape[] {new Shape(s.get(0), cout, s.get(2) * stride, s.get(3) * stride)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // no children
    }
}
