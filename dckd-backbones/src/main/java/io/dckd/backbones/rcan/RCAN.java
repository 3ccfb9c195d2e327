package io.dckd.backbones.rcan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.dckd.backbones.kit.ResidualSrNetwork;
import io.dckd.core.nn.Scoped;
import io.dckd.core.nn.ScopedSequentialBlock;
import io.dckd.core.onnx.OnnxRenderer;
import java.util.ArrayList;
import java.util.List;

/**
 * Residual Channel Attention Network (Zhang et al., ECCV 2018), a port of {@code RCAN} in
 * BasicSR's {@code basicsr/archs/rcan_arch.py}.
 *
 * <p>{@code x ← (x − mean)·img_range; f = conv_first(x); r = conv_after_body(body(f)) + f;
 * y = conv_last(upsample(r)) / img_range + mean}, where {@code body} is {@code num_group}
 * {@link ResidualGroup}s of {@code num_block} {@link RCAB}s. Input B×C_in×h×w, output
 * B×C_out×(s·h)×(s·w). With {@code feature_taps} the output list continues with the output of every
 * residual group (B×num_feat×h×w each, {@code body.0 .. body.<n-1>}), the positions FAKD taps.
 * State-dict keys as BasicSR: {@code conv_first}, {@code body.<g>...},
 * {@code conv_after_body}, {@code upsample.<i>}, {@code conv_last}.
 */
public final class RCAN extends ResidualSrNetwork {

    private final boolean featureTaps;

    /** Options with BasicSR's names; see {@link RCANFactory}. */
    public record Options(int numInCh, int numOutCh, int numFeat, int numGroup, int numBlock, int squeezeFactor,
                          int upscale, float resScale, float imgRange, float[] rgbMean, boolean featureTaps) {

        /** The same options without feature taps. */
        public Options(int numInCh, int numOutCh, int numFeat, int numGroup, int numBlock, int squeezeFactor,
                       int upscale, float resScale, float imgRange, float[] rgbMean) {
            this(numInCh, numOutCh, numFeat, numGroup, numBlock, squeezeFactor, upscale, resScale, imgRange, rgbMean, false);
        }
    }

    public RCAN(Options o) {
        super(o.rgbMean(), o.imgRange(), o.numFeat(), o.numOutCh(), o.upscale(), groups(o));
        featureTaps = o.featureTaps();
    }

    private static SequentialBlock groups(Options o) {
        SequentialBlock groups = new ScopedSequentialBlock();
        for (int i = 0; i < o.numGroup(); i++) {
            groups.add(new ResidualGroup(o.numFeat(), o.numBlock(), o.squeezeFactor(), o.resScale()));
        }
        return groups;
    }

    /** Names of the feature taps the forward returns after the image (empty unless {@code feature_taps}). */
    public List<String> featureTapNames() {
        if (!featureTaps) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (int g = 0; g < body.getChildren().size(); g++) {
            names.add("body." + g);
        }
        return List.copyOf(names);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = head(ps, inputs.head(), training);
        NDList taps = new NDList();
        NDArray res;
        if (featureTaps) {
            res = x;
            for (Block group : body.getChildren().values()) {
                NDArray in = res;
                // each group's arrays freed as it returns (Scoped.link); its output is a tap, kept
                res = Scoped.linkOne(null, () -> group.forward(ps, new NDList(in), training).head());
                taps.add(res);
            }
        } else {
            res = body.forward(ps, new NDList(x), training).head();
        }
        NDList out = new NDList(tail(ps, x, res, training));
        out.addAll(taps);
        return out;
    }

    /** The image output only: the feature taps are training outputs, the body's groups run in sequence either way. */
    @Override
    public String render(OnnxRenderer r, String input) {
        String x = renderHead(r, input);
        return renderTail(r, x, r.render(body, x));
    }
}
