package io.dckd.plugins.fsrcnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import io.dckd.core.nn.AtenOps;
import io.dckd.core.nn.Casts;
import io.dckd.core.nn.SafeConvolution;
import io.dckd.core.nn.TorchOwned;
import io.dckd.core.onnx.OnnxRenderable;
import io.dckd.core.onnx.OnnxRenderer;
import java.util.List;
import java.util.Map;

/**
 * {@code torch.nn.ConvTranspose2d(cin, cout, k, stride=s, padding=p, output_padding=s-1)}, which
 * DJL's PyTorch engine does not implement, computed in its polyphase form ({@link Polyphase}): one
 * ordinary convolution with cout·s² output channels, then a pixel shuffle. Output: s·H × s·W when
 * k = 2p + 1. State-dict layout as PyTorch: {@code weight} (cin, cout, k, k), {@code bias} (cout).
 */
final class TransposedConv extends AbstractBlock implements OnnxRenderable {

    private final int cout;
    private final int k;
    private final int stride;
    private final int padding;
    private final Parameter weight;
    private final Parameter bias;
    /** The gather plan of the last input channel count (a Java array, not a tensor: it lives with the block). */
    private Polyphase polyphase;

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
        long cin = x.getShape().get(1);
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        NDManager m = x.getManager();
        Polyphase plan = polyphase((int) cin);
        NDArray weights = ps.getValue(weight, x.getDevice(), training);
        // the phase kernels gathered from the weight (a linear map, so the weight's gradient flows back through it);
        // index 0 of the gathered vector is the zero of taps that fall outside the k x k kernel
        NDArray flat = NDArrays.concat(new NDList(Casts.zeros(m, new Shape(1), weights), weights.reshape(-1)), 0);
        NDArray kernel = flat.take(m, TorchOwned.longs(m, plan.index(), new Shape(plan.index().length)))
                .reshape((long) cout * stride * stride, cin, plan.size(), plan.size());
        NDArray in = x;
        int pad = plan.before();
        if (plan.after() != plan.before()) {
            in = x.pad(new Shape(plan.before(), plan.after(), plan.before(), plan.after()), 0);
            pad = 0;
        }
        // 56 input channels, 3·s² output channels: both libtorch CPU kernel faults SafeConvolution avoids
        boolean backward = training && weights.hasGradient() || AtenOps.gradientReaches(x);
        NDArray phases = SafeConvolution.conv2d(in, kernel, null, new Shape(1, 1), new Shape(pad, pad), new Shape(1, 1), 1, backward);
        // pixel shuffle: channel co·s² + r1·s + r2 is output pixel (s·q1 + r1, s·q2 + r2) of channel co
        NDArray out = phases.reshape(b, cout, stride, stride, h, w).transpose(0, 1, 4, 2, 5, 3).reshape(b, cout, h * stride, w * stride);
        return new NDList(out.add(ps.getValue(bias, x.getDevice(), training).reshape(1, cout, 1, 1)));
    }

    /**
     * The polyphase form of the transposed convolution: along each axis, output pixel s·q + r is
     * {@code Σ_j x[q − j] · w[s·j + r + p]} over the j with {@code 0 ≤ s·j + r + p < k}, so for all r at
     * once an ordinary correlation of x (padded {@code before} = max j, {@code after} = −min j) with a
     * kernel of {@code size} = max j − min j + 1 taps and cout·s² output channels, followed by a pixel
     * shuffle. It does 1/s² of the multiply-adds of convolving the s-times dilated input (mostly zeros)
     * with the flipped k x k kernel, which this block did before (17 times ONNX Runtime's time for
     * FSRCNN x4 at 256x256).
     *
     * @param index for each element of the (cout·s², cin, size, size) kernel, 1 + its flat index into
     *     the (cin, cout, k, k) weight, or 0 for a tap outside the kernel
     */
    record Polyphase(int size, int before, int after, long[] index) {}

    private Polyphase polyphase(int cin) {
        if (polyphase != null && polyphase.index().length == cout * stride * stride * cin * polyphase.size() * polyphase.size()) {
            return polyphase;
        }
        int jMin = Math.floorDiv(-padding, stride); // the smallest j over r: ceil((−(s−1)−p)/s)
        int jMax = Math.floorDiv(k - 1 - padding, stride);
        int size = jMax - jMin + 1;
        long[] index = new long[cout * stride * stride * cin * size * size];
        int n = 0;
        for (int co = 0; co < cout; co++) {
            for (int r1 = 0; r1 < stride; r1++) {
                for (int r2 = 0; r2 < stride; r2++) {
                    for (int ci = 0; ci < cin; ci++) {
                        for (int u1 = 0; u1 < size; u1++) {
                            for (int u2 = 0; u2 < size; u2++) {
                                int t1 = stride * (jMax - u1) + r1 + padding;
                                int t2 = stride * (jMax - u2) + r2 + padding;
                                boolean inside = t1 >= 0 && t1 < k && t2 >= 0 && t2 < k;
                                index[n++] = inside ? 1 + (((long) ci * cout + co) * k + t1) * k + t2 : 0;
                            }
                        }
                    }
                }
            }
        }
        if (jMax < 0 || jMin > 0) {
            throw new IllegalStateException("padding " + padding + " outside the kernel of " + k + " at stride " + stride);
        }
        polyphase = new Polyphase(size, jMax, -jMin, index);
        return polyphase;
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
