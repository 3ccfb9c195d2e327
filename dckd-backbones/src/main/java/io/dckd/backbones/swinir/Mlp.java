package io.dckd.backbones.swinir;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.dckd.core.onnx.OnnxRenderer;

/**
 * The transformer MLP ({@code Mlp} in {@code swinir_arch.py}): {@code fc2(drop(GELU(fc1(x))))}
 * then dropout, GELU in its exact erf form as {@code nn.GELU()}. Keys {@code fc1.*}, {@code fc2.*}.
 */
public final class Mlp extends AbstractBlock {

    private final Linear fc1;
    private final Linear fc2;
    private final float drop;

    Mlp(int dim, int hidden, float drop) {
        this.drop = drop;
        fc1 = addChildBlock("fc1", Linear.builder().setUnits(hidden).build());
        fc2 = addChildBlock("fc2", Linear.builder().setUnits(dim).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = fc1.forward(ps, inputs, training).head();
        x = Activation.gelu(x);
        if (drop > 0) {
            x = Dropout.dropout(x, drop, training).head();
        }
        x = fc2.forward(ps, new NDList(x), training).head();
        if (drop > 0) {
            x = Dropout.dropout(x, drop, training).head();
        }
        return new NDList(x);
    }

    /** The inference forward as ONNX nodes: Linear, exact GELU ({@code OnnxGraph#gelu}), Linear over the last axis. */
    String render(OnnxRenderer r, String x) {
        return SwinRendering.linear(r, fc2, r.graph().gelu(SwinRendering.linear(r, fc1, x)));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        fc1.initialize(manager, dataType, inputShapes);
        fc2.initialize(manager, dataType, fc1.getOutputShapes(inputShapes));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
