package io.dckd.backbones.nafnet;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** {@code nn.AdaptiveAvgPool2d(1)}: B×C×H×W → B×C×1×1 (mean over H, W). */
final class GlobalAvgPool extends AbstractBlock {

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(inputs.singletonOrThrow().mean(new int[] {3}, true).mean(new int[] {2}, true)); // DJL: one axis per mean
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        return new Shape[] {new Shape(in[0].get(0), in[0].get(1), 1, 1)};
    }
}
