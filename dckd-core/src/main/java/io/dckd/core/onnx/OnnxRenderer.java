package io.dckd.core.onnx;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.util.Pair;
import io.dckd.core.nn.TorchNames;
import io.dckd.core.spi.Backbone;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a DJL block tree's inference forward as an {@link OnnxGraph}: a block that is
 * {@link OnnxRenderable} renders itself; DJL's {@link Conv2d} (subclasses included) becomes a
 * {@code Conv} node and a {@link SequentialBlock} the chain of its children. Parameters become
 * initializers named by their PyTorch state-dict keys ({@link TorchNames}). Any other block is an
 * error naming its class and its path in the tree.
 */
public final class OnnxRenderer {

    /** The graph's input and output names. */
    public static final String INPUT = "input";
    public static final String OUTPUT = "output";

    private final OnnxGraph graph;
    private final Map<Parameter, String> keys = new IdentityHashMap<>();
    private final Map<Parameter, String> rendered = new IdentityHashMap<>();
    private final Deque<Block> blocks = new ArrayDeque<>();
    private final Deque<String> path = new ArrayDeque<>();

    private OnnxRenderer(OnnxGraph graph, Block root) {
        this.graph = graph;
        TorchNames.parameters(root).forEach((key, p) -> keys.put(p, key));
    }

    /**
     * The graph of {@code root}'s inference forward: input {@value #INPUT} (batch×inChannels×h×w,
     * float32) to output {@value #OUTPUT}. {@code root} must be initialised.
     */
    public static OnnxGraph render(Block root, String name, int opset, long inChannels) {
        OnnxGraph graph = new OnnxGraph(name, opset);
        String in = graph.input(INPUT, inChannels);
        graph.output(new OnnxRenderer(graph, root).render(root, in), OUTPUT, outChannels(root, inChannels));
        return graph;
    }

    /**
     * The graph of {@code backbone}'s inference on any size, as {@link io.dckd.core.train.Network#infer}
     * runs it: when {@link Backbone#sizeMultiple()} is above 1 the input is reflect-padded at the
     * bottom and right to the multiple and the output cropped to scale·h × scale·w, in the graph;
     * otherwise the block's forward as {@link #render(Block, String, int, long)} renders it.
     */
    public static OnnxGraph render(Backbone backbone, int opset, long inChannels) {
        Block root = backbone.block();
        if (backbone.sizeMultiple() <= 1) {
            return render(root, backbone.type(), opset, inChannels);
        }
        OnnxGraph graph = new OnnxGraph(backbone.type(), opset);
        OnnxPadding pad = OnnxPadding.toMultiple(graph, graph.input(INPUT, inChannels), backbone.sizeMultiple(), "reflect");
        String out = new OnnxRenderer(graph, root).render(root, pad.padded());
        graph.output(pad.crop(out, backbone.scale()), OUTPUT, outChannels(root, inChannels));
        return graph;
    }

    // the output channels by shape arithmetic (64×64 is a multiple of every window and level count)
    private static long outChannels(Block root, long inChannels) {
        return root.getOutputShapes(new Shape[] {new Shape(1, inChannels, 64, 64)})[0].get(1);
    }

    /** The graph being built. */
    public OnnxGraph graph() {
        return graph;
    }

    /** Renders {@code block} (the root or a child of the block being rendered) on value {@code input}. */
    public String render(Block block, String input) {
        path.addLast(nameOf(block));
        blocks.addLast(block);
        try {
            if (block instanceof OnnxRenderable r) {
                return r.render(this, input);
            }
            if (block instanceof Conv2d conv) {
                return conv(conv, input);
            }
            if (block instanceof SequentialBlock seq) {
                String x = input;
                for (Block child : seq.getChildren().values()) {
                    x = render(child, x);
                }
                return x;
            }
            throw new IllegalArgumentException("cannot render " + block.getClass().getName() + " at " + path()
                    + " as ONNX: it is not OnnxRenderable, nor a Conv2d or SequentialBlock");
        } finally {
            blocks.removeLast();
            path.removeLast();
        }
    }

    /** The initializer holding {@code p}'s value, named by its state-dict key (added on first use). */
    public String parameter(Parameter p) {
        String key = keys.get(p);
        if (key == null) {
            throw new IllegalArgumentException("parameter " + p.getName() + " at " + path() + " is not in the rendered network");
        }
        if (p.getArray() == null) {
            throw new IllegalStateException("parameter " + key + " is not initialised");
        }
        return rendered.computeIfAbsent(p, q -> graph.initializer(key, q.getArray()));
    }

    /** {@code p}'s initializer (a per-channel vector of C values) reshaped to 1×C×1×1, to broadcast over NCHW. */
    public String perChannel(Parameter p) {
        return graph.op("Reshape", parameter(p), graph.constant(new long[] {1, -1, 1, 1}));
    }

    /** The path of the block being rendered, e.g. {@code RCAN/body/0/residual_group/1}. */
    public String path() {
        return String.join("/", path);
    }

    // PyTorch's nn.Conv2d: weight (out, in/groups, kh, kw), bias (out); ONNX pads are begin..., end...
    private String conv(Conv2d conv, String input) {
        List<String> inputs = new ArrayList<>(List.of(input, parameter(conv.getParameters().get("weight"))));
        if (conv.isIncludeBias()) {
            inputs.add(parameter(conv.getParameters().get("bias")));
        }
        long[] pad = conv.getPadding().getShape();
        return graph.op("Conv", inputs, Map.of(
                "kernel_shape", conv.getKernelShape().getShape(),
                "strides", conv.getStride().getShape(),
                "dilations", conv.getDilation().getShape(),
                "pads", new long[] {pad[0], pad[1], pad[0], pad[1]},
                "group", (long) conv.getGroups()));
    }

    private String nameOf(Block block) {
        Block parent = blocks.peekLast();
        if (parent == null) {
            return block.getClass().getSimpleName();
        }
        int index = 0;
        for (Pair<String, Block> child : parent.getChildren()) {
            if (child.getValue() == block) {
                return parent instanceof SequentialBlock ? Integer.toString(index) : child.getKey().replaceFirst("^\\d\\d", "");
            }
            index++;
        }
        return block.getClass().getSimpleName();
    }
}
