package io.dckd.backbones.edsr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.dckd.backbones.kit.ResidualBlockNoBN;
import io.dckd.backbones.kit.ResidualSrNetwork;
import io.dckd.core.nn.ScopedSequentialBlock;
import io.dckd.core.onnx.OnnxRenderer;

/**
 * Enhanced Deep Residual network (Lim et al., CVPRW 2017), a port of {@code EDSR} in BasicSR's
 * {@code basicsr/archs/edsr_arch.py}.
 *
 * <p>{@code x ← (x − mean)·img_range; f = conv_first(x); r = conv_after_body(body(f)) + f;
 * y = conv_last(upsample(r)) / img_range + mean}, {@code body} = {@code num_block}
 * {@link ResidualBlockNoBN}s. State-dict keys: {@code conv_first}, {@code body.<i>.conv1/conv2},
 * {@code conv_after_body}, {@code upsample.<i>}, {@code conv_last}.
 */
public final class EDSR extends ResidualSrNetwork {

    /** Options with BasicSR's names; see {@link EDSRFactory}. */
    public record Options(int numInCh, int numOutCh, int numFeat, int numBlock, int upscale, float resScale,
                          float imgRange, float[] rgbMean) {}

    public EDSR(Options o) {
        super(o.rgbMean(), o.imgRange(), o.numFeat(), o.numOutCh(), o.upscale(), blocks(o));
    }

    private static SequentialBlock blocks(Options o) {
        SequentialBlock blocks = new ScopedSequentialBlock();
        for (int i = 0; i < o.numBlock(); i++) {
            blocks.add(new ResidualBlockNoBN(o.numFeat(), o.resScale()));
        }
        return blocks;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray f = head(ps, inputs.head(), training);
        NDArray res = body.forward(ps, new NDList(f), training).head();
        return new NDList(tail(ps, f, res, training));
    }

    @Override
    public String render(OnnxRenderer r, String input) {
        String f = renderHead(r, input);
        return renderTail(r, f, r.render(body, f));
    }
}
