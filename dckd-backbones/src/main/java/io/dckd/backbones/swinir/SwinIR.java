package io.dckd.backbones.swinir;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.dckd.backbones.kit.Layers;
import io.dckd.backbones.kit.MeanShift;
import io.dckd.backbones.kit.Upsample;
import io.dckd.core.nn.Scoped;
import io.dckd.core.nn.TorchNames;
import io.dckd.core.onnx.OnnxGraph;
import io.dckd.core.onnx.OnnxRenderable;
import io.dckd.core.onnx.OnnxRenderer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * SwinIR (Liang et al., ICCVW 2021), a port of {@code SwinIR} in BasicSR's
 * {@code basicsr/archs/swinir_arch.py}.
 *
 * <p>{@code x ← (x − mean)·img_range}; shallow features {@code f = conv_first(x)}; deep features
 * {@code d = conv_after_body(norm(RSTB_k(...RSTB_1(patch_embed(f))))) + f}; reconstruction by the
 * chosen upsampler ({@code pixelshuffle}: conv C→64 + LeakyReLU, {@code Upsample}, conv_last;
 * {@code pixelshuffledirect}: one conv + PixelShuffle; {@code nearest+conv}; none: {@code x +
 * conv_last(d)}); then {@code y / img_range + mean}. The shifted-window mask is computed for the
 * actual input size (BasicSR recomputes it when x_size differs from img_size); H and W must be
 * multiples of the window size. State-dict keys as BasicSR, including the buffers
 * {@code relative_position_index} and {@code attn_mask}.
 */
public final class SwinIR extends AbstractBlock implements TorchNames.TorchNamed, OnnxRenderable {

    private static final float[] RGB_MEAN = {0.4488f, 0.4371f, 0.4040f};
    private static final int NUM_FEAT = 64;

    private final SwinIROptions o;
    private final MeanShift meanShift;
    private final Conv2d convFirst;
    private final PatchEmbed patchEmbed;
    private final Parameter absolutePosEmbed;
    private final List<RSTB> layers = new ArrayList<>();
    private final LayerNorm norm;
    private final Block convAfterBody;
    private final SequentialBlock convBeforeUpsample;
    private final SequentialBlock upsample;
    private final Conv2d convUp1;
    private final Conv2d convUp2;
    private final Conv2d convHr;
    private final Conv2d convLast;

    public SwinIR(SwinIROptions o) {
        this.o = o;
        int e = o.embedDim();
        meanShift = new MeanShift(o.inChans() == 3 ? RGB_MEAN : new float[o.inChans()], o.imgRange());
        convFirst = addChildBlock("conv_first", Layers.conv(e, 3));
        patchEmbed = addChildBlock("patch_embed", new PatchEmbed(o.patchNorm()));
        absolutePosEmbed = o.ape()
                ? addParameter(Parameter.builder().setName("absolute_pos_embed").setType(Parameter.Type.WEIGHT)
                        .optShape(new Shape(1, (long) o.imgH() * o.imgW(), e)).build())
                : null;
        float[] dpr = o.dropPathRates();
        int start = 0;
        for (int i = 0; i < o.depths().size(); i++) {
            int depth = o.depths().get(i);
            float[] rates = Arrays.copyOfRange(dpr, start, start + depth);
            start += depth;
            BasicLayer group = new BasicLayer(e, o.imgH(), o.imgW(), depth, o.numHeads().get(i), o.windowSize(),
                    o.mlpRatio(), o.qkvBias(), o.qkScale(), o.dropRate(), o.attnDropRate(), rates);
            layers.add(addChildBlock("layers_" + i, new RSTB(group, o.resiConnection(), e)));
        }
        norm = addChildBlock("norm", LayerNorm.builder().axis(3).optEpsilon(1e-5f).build());
        convAfterBody = addChildBlock("conv_after_body", ResidualConnection.of(o.resiConnection(), e));
        switch (o.upsampler()) {
            case "pixelshuffle" -> {
                convBeforeUpsample = addChildBlock("conv_before_upsample",
                        new SequentialBlock().add(Layers.conv(NUM_FEAT, 3)).add(Layers.leakyRelu(0.01f)));
                upsample = addChildBlock("upsample", Upsample.of(o.upscale(), NUM_FEAT));
                convUp1 = null;
                convUp2 = null;
                convHr = null;
                convLast = addChildBlock("conv_last", Layers.conv(o.inChans(), 3));
            }
            case "pixelshuffledirect" -> {
                convBeforeUpsample = null;
                upsample = addChildBlock("upsample", Upsample.oneStep(o.upscale(), o.inChans()));
                convUp1 = null;
                convUp2 = null;
                convHr = null;
                convLast = null;
            }
            case "nearest+conv" -> {
                convBeforeUpsample = addChildBlock("conv_before_upsample",
                        new SequentialBlock().add(Layers.conv(NUM_FEAT, 3)).add(Layers.leakyRelu(0.01f)));
                upsample = null;
                convUp1 = addChildBlock("conv_up1", Layers.conv(NUM_FEAT, 3));
                convUp2 = addChildBlock("conv_up2", Layers.conv(NUM_FEAT, 3));
                convHr = addChildBlock("conv_hr", Layers.conv(NUM_FEAT, 3));
                convLast = addChildBlock("conv_last", Layers.conv(o.inChans(), 3));
            }
            case "" -> {
                convBeforeUpsample = null;
                upsample = null;
                convUp1 = null;
                convUp2 = null;
                convHr = null;
                convLast = addChildBlock("conv_last", Layers.conv(o.inChans(), 3));
            }
            default -> throw new IllegalArgumentException("unknown upsampler '" + o.upsampler() + "'");
        }
    }

    /** The options it was built with. */
    public SwinIROptions options() {
        return o;
    }

    @Override
    public String torchChildName(String djlName, int index) {
        return djlName.startsWith("layers_") ? "layers." + djlName.substring("layers_".length()) : djlName;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray in = inputs.head();
        long h = in.getShape().get(2);
        long w = in.getShape().get(3);
        int ws = o.effectiveWindowSize();
        if (h % ws != 0 || w % ws != 0) {
            throw new IllegalArgumentException("SwinIR input " + h + "x" + w + " is not a multiple of window_size " + ws
                    + "; pad it (io.dckd.backbones.kit.PaddedForward does what BasicSR's test does)");
        }
        NDArray x = meanShift.normalize(in);
        NDArray out;
        switch (o.upsampler()) {
            case "pixelshuffle" -> {
                NDArray f = deep(ps, conv(convFirst, ps, x, training), training);
                f = convBeforeUpsample.forward(ps, new NDList(f), training).head();
                if (!upsample.getChildren().isEmpty()) {
                    f = upsample.forward(ps, new NDList(f), training).head();
                }
                out = conv(convLast, ps, f, training);
            }
            case "pixelshuffledirect" -> {
                NDArray f = deep(ps, conv(convFirst, ps, x, training), training);
                out = upsample.forward(ps, new NDList(f), training).head();
            }
            case "nearest+conv" -> {
                NDArray f = deep(ps, conv(convFirst, ps, x, training), training);
                f = convBeforeUpsample.forward(ps, new NDList(f), training).head();
                f = Activation.leakyRelu(conv(convUp1, ps, nearest2x(f), training), 0.2f);
                f = Activation.leakyRelu(conv(convUp2, ps, nearest2x(f), training), 0.2f);
                out = conv(convLast, ps, Activation.leakyRelu(conv(convHr, ps, f, training), 0.2f), training);
            }
            default -> {
                NDArray res = deep(ps, conv(convFirst, ps, x, training), training);
                out = x.add(conv(convLast, ps, res, training));
            }
        }
        return new NDList(meanShift.denormalize(out));
    }

    /**
     * The inference forward as ONNX nodes, for inputs whose H and W are multiples of the window
     * (what {@code OnnxRenderer.render(Backbone, ...)} pads to): the shifted-window mask is built in
     * the graph from the feature map's H and W, so one graph serves every such size. Not rendered:
     * {@code ape} (its embedding holds one fixed size) and dropout (inference is the identity).
     */
    @Override
    public String render(OnnxRenderer r, String in) {
        if (absolutePosEmbed != null) {
            throw new IllegalArgumentException("SwinIR with ape = true is not rendered as ONNX: its absolute position"
                    + " embedding fixes the input to img_size " + o.imgH() + "x" + o.imgW());
        }
        OnnxGraph g = r.graph();
        String x = meanShift.renderNormalize(g, in);
        String out = switch (o.upsampler()) {
            case "pixelshuffle" -> r.render(convLast, r.render(upsample,
                    r.render(convBeforeUpsample, renderDeep(r, r.render(convFirst, x)))));
            case "pixelshuffledirect" -> r.render(upsample, renderDeep(r, r.render(convFirst, x)));
            case "nearest+conv" -> {
                String f = r.render(convBeforeUpsample, renderDeep(r, r.render(convFirst, x)));
                f = leaky(g, r.render(convUp1, nearest2x(g, f)));
                f = leaky(g, r.render(convUp2, nearest2x(g, f)));
                yield r.render(convLast, leaky(g, r.render(convHr, f)));
            }
            default -> g.op("Add", x, r.render(convLast, renderDeep(r, r.render(convFirst, x))));
        };
        return meanShift.renderDenormalize(g, out);
    }

    /** {@link #deep} then {@link #forwardFeatures} as ONNX nodes; the mask is built once for all RSTBs. */
    private String renderDeep(OnnxRenderer r, String f) {
        OnnxGraph g = r.graph();
        String t = r.render(patchEmbed, g.op("Transpose", List.of(f), Map.of("perm", new long[] {0, 2, 3, 1})));
        boolean shifted = o.effectiveShift() > 0 && o.depths().stream().anyMatch(d -> d > 1);
        String mask = shifted ? Windows.renderAttentionMask(g, t, o.effectiveWindowSize(), o.effectiveShift()) : null;
        for (RSTB layer : layers) {
            t = layer.render(r, t, mask);
        }
        t = SwinRendering.layerNorm(r, norm, 1e-5f, t);
        String features = g.op("Transpose", List.of(t), Map.of("perm", new long[] {0, 3, 1, 2}));
        return g.op("Add", r.render(convAfterBody, features), f);
    }

    private static String leaky(OnnxGraph g, String x) {
        return g.op("LeakyRelu", List.of(x), Map.of("alpha", 0.2f));
    }

    // nearest ×2 as Resize (asymmetric coordinates, floor): out[2i + a, 2j + b] = x[i, j]
    private static String nearest2x(OnnxGraph g, String x) {
        return g.op("Resize", List.of(x, "", g.constant(new float[] {1, 1, 2, 2}, 4)),
                Map.of("mode", "nearest", "coordinate_transformation_mode", "asymmetric", "nearest_mode", "floor"));
    }

    private static NDArray conv(Block conv, ParameterStore ps, NDArray x, boolean training) {
        return conv.forward(ps, new NDList(x), training).head();
    }

    private static NDArray nearest2x(NDArray x) {
        Shape s = x.getShape();
        long b = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        return x.reshape(b, c, h, 1, w, 1).broadcast(new Shape(b, c, h, 2, w, 2)).reshape(b, c, 2 * h, 2 * w);
    }

    /** {@code conv_after_body(forward_features(f)) + f}. */
    private NDArray deep(ParameterStore ps, NDArray f, boolean training) {
        return conv(convAfterBody, ps, forwardFeatures(ps, f, training), training).add(f);
    }

    /** {@code forward_features}: tokens (channels-last), RSTBs, LayerNorm, back to B×C×H×W. */
    private NDArray forwardFeatures(ParameterStore ps, NDArray f, boolean training) {
        long h = f.getShape().get(2);
        long w = f.getShape().get(3);
        NDArray t = patchEmbed.forward(ps, new NDList(f.transpose(0, 2, 3, 1)), training).head();
        if (absolutePosEmbed != null) {
            if (h != o.imgH() || w != o.imgW()) {
                throw new IllegalArgumentException("ape = true needs inputs of img_size " + o.imgH() + "x" + o.imgW()
                        + ", got " + h + "x" + w);
            }
            NDArray pos = ps.getValue(absolutePosEmbed, t.getDevice(), training);
            t = t.add(pos.reshape(1, h, w, o.embedDim()));
        }
        if (o.dropRate() > 0) {
            t = Dropout.dropout(t, o.dropRate(), training).head();
        }
        boolean shifted = o.effectiveShift() > 0 && o.depths().stream().anyMatch(d -> d > 1);
        NDArray mask = shifted
                ? Windows.attentionMask(t.getManager(), (int) h, (int) w, o.effectiveWindowSize(), o.effectiveShift())
                : null;
        NDArray chainIn = t;
        for (RSTB layer : layers) {
            NDArray in = t;
            // one RSTB's arrays alive at a time (Scoped.link): an inference pass peaks at one layer
            t = Scoped.linkOne(in == chainIn ? null : in,
                    () -> layer.forward(ps, mask == null ? new NDList(in) : new NDList(in, mask), training).head());
        }
        t = norm.forward(ps, new NDList(t), training).head();
        return t.transpose(0, 3, 1, 2);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        convFirst.initialize(manager, dataType, in);
        Shape feat = convFirst.getOutputShapes(new Shape[] {in})[0];
        Shape tokens = new Shape(feat.get(0), feat.get(2), feat.get(3), feat.get(1));
        patchEmbed.initialize(manager, dataType, tokens);
        for (RSTB layer : layers) {
            layer.initialize(manager, dataType, tokens);
        }
        norm.initialize(manager, dataType, tokens);
        convAfterBody.initialize(manager, dataType, feat);
        Shape[] cur = {feat};
        if (convBeforeUpsample != null) {
            convBeforeUpsample.initialize(manager, dataType, cur);
            cur = convBeforeUpsample.getOutputShapes(cur);
        }
        if (upsample != null && !upsample.getChildren().isEmpty()) {
            upsample.initialize(manager, dataType, cur);
            cur = upsample.getOutputShapes(cur);
        }
        if (convUp1 != null) {
            Shape s = cur[0];
            Shape up = new Shape(s.get(0), s.get(1), 2 * s.get(2), 2 * s.get(3));
            convUp1.initialize(manager, dataType, up);
            Shape up2 = new Shape(s.get(0), s.get(1), 4 * s.get(2), 4 * s.get(3));
            convUp2.initialize(manager, dataType, up2);
            convHr.initialize(manager, dataType, up2);
            cur = new Shape[] {up2};
        }
        if (convLast != null) {
            convLast.initialize(manager, dataType, cur);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        int s = o.upsampler().isEmpty() ? 1 : o.upscale();
        return new Shape[] {new Shape(in.get(0), o.inChans(), in.get(2) * s, in.get(3) * s)};
    }
}
