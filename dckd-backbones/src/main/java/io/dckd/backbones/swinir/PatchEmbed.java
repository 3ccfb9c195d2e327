package io.dckd.backbones.swinir;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.dckd.core.onnx.OnnxRenderable;
import io.dckd.core.onnx.OnnxRenderer;

/**
 * SwinIR's {@code PatchEmbed} with patch size 1: the token view of the feature map (here kept as
 * B×H×W×C) followed by LayerNorm when {@code patch_norm} is set (key {@code norm.*}).
 */
public final class PatchEmbed extends AbstractBlock implements OnnxRenderable {

    private final LayerNorm norm;

    PatchEmbed(boolean patchNorm) {
        norm = patchNorm ? addChildBlock("norm", LayerNorm.builder().axis(3).optEpsilon(1e-5f).build()) : null;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return norm == null ? new NDList(inputs.head()) : norm.forward(ps, new NDList(inputs.head()), training);
    }

    /** The forward as ONNX nodes: the LayerNorm over the last axis, or the identity. */
    @Override
    public String render(OnnxRenderer r, String x) {
        return norm == null ? x : SwinRendering.layerNorm(r, norm, 1e-5f, x);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (norm != null) {
            norm.initialize(manager, dataType, inputShapes[0]);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
