package io.dckd.backbones.kit;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.dckd.core.onnx.OnnxRenderable;
import io.dckd.core.onnx.OnnxRenderer;

/** {@code nn.AdaptiveAvgPool2d(1)}: B×C×H×W → B×C×1×1 (mean over H, W). */
public final class GlobalAvgPool extends AbstractBlock implements OnnxRenderable {

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(inputs.singletonOrThrow().mean(new int[] {3}, true).mean(new int[] {2}, true)); // DJL: one axis per mean
    }

    @Override
    public String render(OnnxRenderer r, String input) {
        return r.graph().reduceMean(input, 2, 3);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        return new Shape[] {new Shape(in[0].get(0), in[0].get(1), 1, 1)};
    }
}
