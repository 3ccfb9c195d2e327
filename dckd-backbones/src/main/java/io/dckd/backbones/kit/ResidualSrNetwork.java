package io.dckd.backbones.kit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import io.dckd.core.onnx.OnnxRenderable;
import io.dckd.core.onnx.OnnxRenderer;

/**
 * The skeleton BasicSR's EDSR and RCAN share: {@code x ← (x − mean)·img_range;
 * f = conv_first(x); r = conv_after_body(body(f)) + f; y = conv_last(upsample(r)) / img_range + mean}.
 * Subclasses supply the body and decide how it runs. State-dict keys {@code conv_first},
 * {@code body.*}, {@code conv_after_body}, {@code upsample.*}, {@code conv_last}.
 */
public abstract class ResidualSrNetwork extends AbstractBlock implements OnnxRenderable {

    protected final MeanShift meanShift;
    protected final Conv2d convFirst;
    protected final SequentialBlock body;
    protected final Conv2d convAfterBody;
    protected final SequentialBlock upsample;
    protected final Conv2d convLast;

    protected ResidualSrNetwork(float[] rgbMean, float imgRange, int numFeat, int numOutCh, int upscale, SequentialBlock bodyBlocks) {
        meanShift = new MeanShift(rgbMean, imgRange);
        convFirst = addChildBlock("conv_first", Layers.conv(numFeat, 3));
        body = addChildBlock("body", bodyBlocks);
        convAfterBody = addChildBlock("conv_after_body", Layers.conv(numFeat, 3));
        upsample = addChildBlock("upsample", Upsample.of(upscale, numFeat));
        convLast = addChildBlock("conv_last", Layers.conv(numOutCh, 3));
    }

    /** {@code conv_first((x − mean)·img_range)}. */
    protected NDArray head(ParameterStore ps, NDArray x, boolean training) {
        return convFirst.forward(ps, new NDList(meanShift.normalize(x)), training).head();
    }

    /** {@link #head} as ONNX nodes. */
    protected String renderHead(OnnxRenderer r, String x) {
        return r.render(convFirst, meanShift.renderNormalize(r.graph(), x));
    }

    /** {@code conv_last(upsample(conv_after_body(res) + feat)) / img_range + mean}. */
    protected NDArray tail(ParameterStore ps, NDArray feat, NDArray res, boolean training) {
        NDArray r = convAfterBody.forward(ps, new NDList(res), training).head().add(feat);
        NDList up = upsample.getChildren().isEmpty() ? new NDList(r) : upsample.forward(ps, new NDList(r), training);
        return meanShift.denormalize(convLast.forward(ps, up, training).head());
    }

    /** {@link #tail} as ONNX nodes (an empty upsample renders as the identity, as it runs). */
    protected String renderTail(OnnxRenderer r, String feat, String res) {
        String sum = r.graph().op("Add", r.render(convAfterBody, res), feat);
        return meanShift.renderDenormalize(r.graph(), r.render(convLast, r.render(upsample, sum)));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        convFirst.initialize(manager, dataType, inputShapes);
        Shape[] feat = convFirst.getOutputShapes(inputShapes);
        body.initialize(manager, dataType, feat);
        convAfterBody.initialize(manager, dataType, feat);
        Shape[] up = feat;
        if (!upsample.getChildren().isEmpty()) {
            upsample.initialize(manager, dataType, feat);
            up = upsample.getOutputShapes(feat);
        }
        convLast.initialize(manager, dataType, up);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] feat = convFirst.getOutputShapes(inputShapes);
        Shape[] up = upsample.getChildren().isEmpty() ? feat : upsample.getOutputShapes(feat);
        return convLast.getOutputShapes(up);
    }
}
