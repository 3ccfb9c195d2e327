package io.dckd.backbones.rcan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.dckd.backbones.kit.Layers;
import io.dckd.core.nn.ScopedSequentialBlock;
import io.dckd.core.onnx.OnnxRenderable;
import io.dckd.core.onnx.OnnxRenderer;

/**
 * RCAN's residual group ({@code ResidualGroup} in {@code basicsr/archs/rcan_arch.py}):
 * {@code x + conv(RCAB_n(...RCAB_1(x)))}. Keys {@code residual_group.<i>.*}, {@code conv.*}.
 */
public final class ResidualGroup extends AbstractBlock implements OnnxRenderable {

    private final SequentialBlock residualGroup;
    private final Conv2d conv;

    public ResidualGroup(int numFeat, int numBlock, int squeezeFactor, float resScale) {
        SequentialBlock blocks = new ScopedSequentialBlock();
        for (int i = 0; i < numBlock; i++) {
            blocks.add(new RCAB(numFeat, squeezeFactor, resScale));
        }
        residualGroup = addChildBlock("residual_group", blocks);
        conv = addChildBlock("conv", Layers.conv(numFeat, 3));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        NDList body = residualGroup.forward(ps, new NDList(x), training);
        NDArray res = conv.forward(ps, body, training).head();
        return new NDList(res.add(x));
    }

    @Override
    public String render(OnnxRenderer r, String x) {
        return r.graph().op("Add", r.render(conv, r.render(residualGroup, x)), x);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        residualGroup.initialize(manager, dataType, inputShapes);
        conv.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
