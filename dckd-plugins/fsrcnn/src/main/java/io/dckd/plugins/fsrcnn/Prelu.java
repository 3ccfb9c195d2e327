package io.dckd.plugins.fsrcnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import io.dckd.core.nn.Scalars;
import io.dckd.core.onnx.OnnxGraph;
import io.dckd.core.onnx.OnnxRenderable;
import io.dckd.core.onnx.OnnxRenderer;

/**
 * {@code torch.nn.PReLU(num_parameters=c)}: y = max(0,x) + a_c·min(0,x) with one slope per channel,
 * initialised to 0.25; the slope is the state-dict key {@code weight}.
 */
final class Prelu extends AbstractBlock implements OnnxRenderable {

    private final int channels;
    private final Parameter weight;

    Prelu(int channels) {
        this.channels = channels;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.OTHER)
                .optInitializer(new ConstantInitializer(0.25f)).optShape(new Shape(channels)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray a = store.getValue(weight, x.getDevice(), training).reshape(1, channels, 1, 1);
        NDArray pos = Scalars.maximum(x, 0);
        NDArray neg = Scalars.minimum(x, 0).mul(a);
        return new NDList(pos.add(neg));
    }

    /** ONNX's PRelu on the slope reshaped to 1×C×1×1, as the forward reshapes it. */
    @Override
    public String render(OnnxRenderer r, String x) {
        OnnxGraph g = r.graph();
        return g.op("PRelu", x, g.op("Reshape", r.parameter(weight), g.constant(new long[] {1, channels, 1, 1})));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // no children
    }
}
