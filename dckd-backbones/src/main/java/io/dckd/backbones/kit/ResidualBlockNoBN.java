package io.dckd.backbones.kit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.dckd.core.onnx.OnnxRenderable;
import io.dckd.core.onnx.OnnxRenderer;

/**
 * BasicSR's {@code ResidualBlockNoBN} ({@code basicsr/archs/arch_util.py}):
 * {@code x + res_scale · conv2(relu(conv1(x)))}, both convs 3×3 F→F with bias. Keys
 * {@code conv1.*}, {@code conv2.*}.
 */
public final class ResidualBlockNoBN extends TorchModule implements OnnxRenderable {

    private final float resScale;
    private final Conv2d conv1;
    private final Conv2d conv2;

    public ResidualBlockNoBN(int numFeat, float resScale) {
        this.resScale = resScale;
        this.conv1 = addChildBlock("conv1", Layers.conv(numFeat, 3));
        this.conv2 = addChildBlock("conv2", Layers.conv(numFeat, 3));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        NDArray out = call(conv2, ps, Activation.relu(call(conv1, ps, x, training)), training);
        return new NDList(ScaledResidual.add(x, out, resScale));
    }

    @Override
    public String render(OnnxRenderer r, String x) {
        return ScaledResidual.render(r.graph(), x, r.render(conv2, r.graph().op("Relu", r.render(conv1, x))), resScale);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        initChild(conv2, manager, dataType, initChild(conv1, manager, dataType, inputShapes[0]));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
