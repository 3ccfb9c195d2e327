package io.dckd.backbones.rcan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.dckd.backbones.kit.Layers;
import io.dckd.core.onnx.OnnxRenderable;
import io.dckd.core.onnx.OnnxRenderer;

/**
 * RCAN's channel attention ({@code ChannelAttention} in {@code basicsr/archs/rcan_arch.py}):
 * {@code x · σ(W₂ · relu(W₁ · avgpool(x) + b₁) + b₂)} with 1×1 convs F→F/r→F. Keys
 * {@code attention.1.*}, {@code attention.3.*}.
 */
public final class ChannelAttention extends AbstractBlock implements OnnxRenderable {

    private final SequentialBlock attention;

    public ChannelAttention(int numFeat, int squeezeFactor) {
        if (numFeat / squeezeFactor < 1) {
            throw new IllegalArgumentException("num_feat " + numFeat + " / squeeze_factor " + squeezeFactor + " must be >= 1");
        }
        attention = addChildBlock("attention", new SequentialBlock()
                .add(Layers.globalAvgPool())
                .add(Layers.conv(numFeat / squeezeFactor, 1))
                .add(Layers.relu())
                .add(Layers.conv(numFeat, 1))
                .add(Layers.sigmoid()));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        NDArray y = attention.forward(ps, new NDList(x), training).head();
        return new NDList(x.mul(y));
    }

    @Override
    public String render(OnnxRenderer r, String x) {
        return r.graph().op("Mul", x, r.render(attention, x));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        attention.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
