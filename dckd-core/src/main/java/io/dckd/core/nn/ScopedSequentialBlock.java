package io.dckd.core.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A {@link SequentialBlock} that frees as it goes: each child runs in its own scope
 * ({@link Scoped#link}), and the output of child i is closed once child i+1 has read it. An
 * inference pass then holds one child's arrays at a time (a long body of residual blocks peaks at
 * one block, not at the sum); in training autograd keeps what backward needs, so the result and the
 * gradients are the same as {@link SequentialBlock}'s. State-dict names, shapes and the ONNX
 * rendering are {@link SequentialBlock}'s.
 */
public class ScopedSequentialBlock extends SequentialBlock {

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList current = inputs;
        boolean owned = false; // the chain's input belongs to the caller
        for (Block child : getChildren().values()) {
            NDList in = current;
            current = Scoped.link(owned ? in : null, () -> child.forward(ps, in, training, params));
            owned = true;
        }
        return current;
    }

    /** The input's shapes when there is no child (an empty stage, e.g. NAFNet's {@code middle_blk_num = 0}). */
    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return getChildren().isEmpty() ? inputs : super.getOutputShapes(inputs);
    }
}
