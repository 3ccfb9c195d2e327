package io.dckd.backbones.rcan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.dckd.backbones.kit.Layers;
import io.dckd.backbones.kit.ScaledResidual;
import io.dckd.core.onnx.OnnxRenderable;
import io.dckd.core.onnx.OnnxRenderer;

/**
 * Residual channel attention block ({@code RCAB} in {@code basicsr/archs/rcan_arch.py}):
 * {@code x + res_scale · CA(conv(relu(conv(x))))}. Keys {@code rcab.0.*}, {@code rcab.2.*},
 * {@code rcab.3.attention.*}.
 */
public final class RCAB extends AbstractBlock implements OnnxRenderable {

    private final float resScale;
    private final SequentialBlock rcab;

    public RCAB(int numFeat, int squeezeFactor, float resScale) {
        this.resScale = resScale;
        rcab = addChildBlock("rcab", new SequentialBlock()
                .add(Layers.conv(numFeat, 3))
                .add(Layers.relu())
                .add(Layers.conv(numFeat, 3))
                .add(new ChannelAttention(numFeat, squeezeFactor)));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        return new NDList(ScaledResidual.add(x, rcab.forward(ps, new NDList(x), training).head(), resScale));
    }

    @Override
    public String render(OnnxRenderer r, String x) {
        return ScaledResidual.render(r.graph(), x, r.render(rcab, x), resScale);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        rcab.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
