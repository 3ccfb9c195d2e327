package io.dckd.backbones.swinir;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.dckd.core.nn.Scoped;
import io.dckd.core.nn.TorchNames;
import io.dckd.core.onnx.OnnxRenderer;
import java.util.ArrayList;
import java.util.List;

/**
 * One stage of Swin blocks ({@code BasicLayer} in {@code swinir_arch.py}, no downsampling):
 * {@code depth} {@link SwinTransformerBlock}s, shift 0 on even and ws/2 on odd indices, with their
 * own drop-path rates. Keys {@code blocks.<i>.*}. Input and output B×H×W×C (plus the mask).
 */
public final class BasicLayer extends AbstractBlock implements TorchNames.TorchNamed {

    private final List<SwinTransformerBlock> blocks = new ArrayList<>();

    BasicLayer(int dim, int resH, int resW, int depth, int numHeads, int windowSize, float mlpRatio,
               boolean qkvBias, Float qkScale, float drop, float attnDrop, float[] dropPath) {
        for (int i = 0; i < depth; i++) {
            blocks.add(addChildBlock("blocks_" + i, new SwinTransformerBlock(dim, resH, resW, numHeads, windowSize,
                    i % 2 == 0 ? 0 : windowSize / 2, mlpRatio, qkvBias, qkScale, drop, attnDrop, dropPath[i])));
        }
    }

    /** The blocks, in order. */
    List<SwinTransformerBlock> blocks() {
        return blocks;
    }

    @Override
    public String torchChildName(String djlName, int index) {
        return "blocks." + index;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        for (SwinTransformerBlock blk : blocks) {
            NDArray prev = x;
            NDList in = inputs.size() > 1 ? new NDList(x, inputs.get(1)) : new NDList(x);
            // one block's attention maps alive at a time (Scoped.link), as in PyTorch
            x = Scoped.linkOne(prev == inputs.get(0) ? null : prev, () -> blk.forward(ps, in, training).head());
        }
        return new NDList(x);
    }

    /** The blocks' ONNX renderings in order on x (B×H×W×C), sharing the mask value (null without shifted blocks). */
    String render(OnnxRenderer r, String x, String mask) {
        String t = x;
        for (SwinTransformerBlock blk : blocks) {
            t = blk.render(r, t, mask);
        }
        return t;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (SwinTransformerBlock blk : blocks) {
            blk.initialize(manager, dataType, inputShapes[0]);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
