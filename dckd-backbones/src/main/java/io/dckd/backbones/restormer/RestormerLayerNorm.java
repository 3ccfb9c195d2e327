package io.dckd.backbones.restormer;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.dckd.backbones.kit.TorchModule;
import io.dckd.core.onnx.OnnxRenderable;
import io.dckd.core.onnx.OnnxRenderer;
import io.dckd.backbones.norm.ChannelLayerNorm;

/**
 * Restormer's {@code LayerNorm(dim, LayerNorm_type)}: a wrapper whose child {@code body} is
 * {@code WithBias_LayerNorm} or {@code BiasFree_LayerNorm} over channels, eps 1e-5
 * (keys {@code body.weight}, {@code body.bias}). Shape preserving.
 */
public final class RestormerLayerNorm extends TorchModule implements OnnxRenderable {

    private final Block body;

    /** @param withBias true for 'WithBias', false for 'BiasFree' */
    public RestormerLayerNorm(int dim, boolean withBias) {
        body = addChildBlock("body", withBias ? ChannelLayerNorm.withBias(dim, 1e-5f) : ChannelLayerNorm.biasFree(dim, 1e-5f));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return body.forward(ps, inputs, training);
    }

    @Override
    public String render(OnnxRenderer r, String x) {
        return r.render(body, x);
    }

    @Override
    protected void initializeChildBlocks(NDManager m, DataType dt, Shape... in) {
        body.initialize(m, dt, in);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        return in;
    }
}
