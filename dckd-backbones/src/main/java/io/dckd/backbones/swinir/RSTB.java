package io.dckd.backbones.swinir;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.dckd.core.onnx.OnnxGraph;
import io.dckd.core.onnx.OnnxRenderer;
import java.util.List;
import java.util.Map;

/**
 * Residual Swin Transformer Block ({@code RSTB} in {@code swinir_arch.py}):
 * {@code x + embed(conv(unembed(residual_group(x))))}, where unembed/embed are the
 * channels-last ↔ channels-first views (B×H×W×C ↔ B×C×H×W). Keys {@code residual_group.*},
 * {@code conv.*}.
 */
public final class RSTB extends AbstractBlock {

    private final BasicLayer residualGroup;
    private final Block conv;

    RSTB(BasicLayer residualGroup, String resiConnection, int dim) {
        this.residualGroup = addChildBlock("residual_group", residualGroup);
        this.conv = addChildBlock("conv", ResidualConnection.of(resiConnection, dim));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray r = residualGroup.forward(ps, inputs, training).head();
        NDArray c = conv.forward(ps, new NDList(r.transpose(0, 3, 1, 2)), training).head();
        return new NDList(c.transpose(0, 2, 3, 1).add(x));
    }

    /** The forward as ONNX nodes on x (B×H×W×C) with the shared mask value: Transposes around the conv, Add. */
    String render(OnnxRenderer r, String x, String mask) {
        OnnxGraph g = r.graph();
        String nchw = g.op("Transpose", List.of(residualGroup.render(r, x, mask)), Map.of("perm", new long[] {0, 3, 1, 2}));
        String c = g.op("Transpose", List.of(r.render(conv, nchw)), Map.of("perm", new long[] {0, 2, 3, 1}));
        return g.op("Add", c, x);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        residualGroup.initialize(manager, dataType, x);
        conv.initialize(manager, dataType, new Shape(x.get(0), x.get(3), x.get(1), x.get(2)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
