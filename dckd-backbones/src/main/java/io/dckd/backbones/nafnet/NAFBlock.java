package io.dckd.backbones.nafnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import io.dckd.backbones.kit.Layers;
import io.dckd.backbones.kit.GlobalAvgPool;
import io.dckd.backbones.kit.TorchModule;
import io.dckd.backbones.norm.ChannelLayerNorm;
import io.dckd.core.nn.TorchNames;
import io.dckd.core.onnx.OnnxGraph;
import io.dckd.core.onnx.OnnxRenderable;
import io.dckd.core.onnx.OnnxRenderer;

/**
 * NAFNet's {@code NAFBlock} (megvii-research/NAFNet basicsr/models/archs/NAFNet_arch.py), c channels,
 * DW_Expand = FFN_Expand = 2, no dropout:
 * <pre>
 *   x = conv3(SCA(SG(conv2_dw3x3(conv1(LN1(inp))))))     SCA(x) = x ⊙ conv(avgpool(x)), SG = SimpleGate
 *   y = inp + β ⊙ x
 *   out = y + γ ⊙ conv5(SG(conv4(LN2(y))))
 * </pre>
 * β, γ have shape (1, c, 1, 1) and start at 0 (the block starts as identity). Keys: conv1..conv5,
 * {@code sca.1}, norm1, norm2, beta, gamma. Shape preserving.
 */
public final class NAFBlock extends TorchModule implements TorchNames.TorchNamed, OnnxRenderable {

    private final Block conv1;
    private final Block conv2;
    private final Block conv3;
    private final Block sca;
    private final Block conv4;
    private final Block conv5;
    private final Block norm1;
    private final Block norm2;
    private final Parameter beta;
    private final Parameter gamma;
    private final int gated;

    /** A block over {@code c} channels. */
    public NAFBlock(int c) {
        int dw = 2 * c;
        int ffn = 2 * c;
        gated = dw; // both SimpleGates halve 2c channels
        conv1 = addChildBlock("conv1", Layers.conv1x1(dw));
        conv2 = addChildBlock("conv2", Layers.conv(dw, 3, 1, 1, dw, true));
        conv3 = addChildBlock("conv3", Layers.conv1x1(c));
        sca = addChildBlock("sca", new SequentialBlock().add(new GlobalAvgPool()).add(Layers.conv1x1(dw / 2)));
        conv4 = addChildBlock("conv4", Layers.conv1x1(ffn));
        conv5 = addChildBlock("conv5", Layers.conv1x1(c));
        norm1 = addChildBlock("norm1", ChannelLayerNorm.withBias(c, 1e-6f));
        norm2 = addChildBlock("norm2", ChannelLayerNorm.withBias(c, 1e-6f));
        beta = addParameter(Parameter.builder().setName("layer_scale_beta").setType(Parameter.Type.OTHER)
                .optInitializer(Initializer.ZEROS).optShape(new Shape(1, c, 1, 1)).build());
        gamma = addParameter(Parameter.builder().setName("layer_scale_gamma").setType(Parameter.Type.OTHER)
                .optInitializer(Initializer.ZEROS).optShape(new Shape(1, c, 1, 1)).build());
    }

    @Override
    public String torchParameterName(String name) {
        return switch (name) {
            case "layer_scale_beta" -> "beta";
            case "layer_scale_gamma" -> "gamma";
            default -> name;
        };
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray inp = inputs.singletonOrThrow();
        NDArray x = call(conv1, ps, call(norm1, ps, inp, training), training);
        x = SimpleGate.apply(call(conv2, ps, x, training));
        x = x.mul(call(sca, ps, x, training));
        x = call(conv3, ps, x, training);
        NDArray y = inp.add(x.mul(ps.getValue(beta, inp.getDevice(), training)));
        x = SimpleGate.apply(call(conv4, ps, call(norm2, ps, y, training), training));
        x = call(conv5, ps, x, training);
        return new NDList(y.add(x.mul(ps.getValue(gamma, inp.getDevice(), training))));
    }

    @Override
    public String render(OnnxRenderer r, String inp) {
        OnnxGraph g = r.graph();
        String x = SimpleGate.render(g, r.render(conv2, r.render(conv1, r.render(norm1, inp))), gated);
        x = r.render(conv3, g.op("Mul", x, r.render(sca, x)));
        String y = g.op("Add", inp, g.op("Mul", x, r.parameter(beta)));
        x = r.render(conv5, SimpleGate.render(g, r.render(conv4, r.render(norm2, y)), gated));
        return g.op("Add", y, g.op("Mul", x, r.parameter(gamma)));
    }

    @Override
    protected void initializeChildBlocks(NDManager m, DataType dt, Shape... in) {
        Shape s = in[0];
        initChild(norm1, m, dt, s);
        Shape h = initChild(conv1, m, dt, s);
        h = initChild(conv2, m, dt, h);
        Shape gated = new Shape(h.get(0), h.get(1) / 2, h.get(2), h.get(3));
        initChild(sca, m, dt, gated);
        initChild(conv3, m, dt, gated);
        initChild(norm2, m, dt, s);
        h = initChild(conv4, m, dt, s);
        initChild(conv5, m, dt, new Shape(h.get(0), h.get(1) / 2, h.get(2), h.get(3)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        return new Shape[] {in[0]};
    }
}
