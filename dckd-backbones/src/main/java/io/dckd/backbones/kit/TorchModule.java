package io.dckd.backbones.kit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.dckd.core.nn.AtenOps;
import io.dckd.core.nn.Casts;

/**
 * Base for blocks ported from PyTorch {@code nn.Module}s: children are named as the module's
 * attributes (so {@link io.dckd.core.nn.TorchNames} gives the state-dict keys), and helpers keep
 * DJL's memory rule: every result is created from the activation (first operand), so nothing is
 * ever allocated in the model's (possibly capped) manager during a forward pass.
 */
public abstract class TorchModule extends AbstractBlock {

    /** Initialises {@code child} for {@code input} and returns its output shape. */
    protected static Shape initChild(Block child, NDManager manager, DataType dataType, Shape input) {
        child.initialize(manager, dataType, input);
        return child.getOutputShapes(new Shape[] {input})[0];
    }

    /** Runs a single-input, single-output child. */
    protected static NDArray call(Block child, ParameterStore ps, NDArray x, boolean training) {
        return child.forward(ps, new NDList(x), training).singletonOrThrow();
    }

    /**
     * A copy of a parameter value in the manager of {@code like} ({@code 0 + p}, so gradient still
     * flows to the parameter). Use it before reshaping a parameter: {@code p.reshape(...)} would
     * allocate in the model's manager on every step.
     */
    public static NDArray local(NDArray param, NDArray like) {
        NDManager m = like.getManager();
        return Casts.zeros(m, param.getShape(), param).add(param);
    }

    /** A per-channel vector (C) as a (1, C, 1, 1) array in the manager of {@code like}. */
    public static NDArray perChannel(NDArray vector, NDArray like) {
        return local(vector, like).reshape(1, vector.size(), 1, 1);
    }

    /** Swish / SiLU: x·sigmoid(x) (one native {@code silu} where the engine has it). */
    public static NDArray swish(NDArray x) {
        if (AtenOps.available()) {
            return AtenOps.silu(x);
        }
        return x.mul(Activation.sigmoid(x));
    }

    /** Input shape's batch, channels, height, width. */
    protected static long[] bchw(Shape s) {
        return new long[] {s.get(0), s.get(1), s.get(2), s.get(3)};
    }
}
