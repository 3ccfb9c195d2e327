package io.dckd.backbones.kit;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * {@code nn.ModuleList}: an indexed container whose children are named {@code 0, 1, ...} in the
 * state dict. It has no forward and no shape rule of its own: the owning block calls and
 * initialises each child (unlike {@link ai.djl.nn.SequentialBlock}, which chains them).
 */
public final class ModuleList extends AbstractBlock {

    private int size;

    /** Appends {@code block} as child {@code size()}. */
    public <B extends Block> B add(B block) {
        addChildBlock(Integer.toString(size++), block);
        return block;
    }

    /** Child {@code i}. */
    public Block get(int i) {
        return children.get(i).getValue();
    }

    /** Number of children. */
    public int size() {
        return size;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        throw new UnsupportedOperationException("a ModuleList has no forward: its owner calls the children");
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        throw new UnsupportedOperationException("a ModuleList has no output shape: its owner initialises the children");
    }
}
