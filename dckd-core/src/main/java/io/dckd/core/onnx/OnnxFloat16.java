package io.dckd.core.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a float32 ONNX model into a float16 one, as traiNNer-redux's {@code convert_to_onnx.py --fp16}
 * makes them: float16 initializers (half the file) and a float16 graph input and output (chaiNNer
 * and vs-mlrt tell an fp16 model by its input type). A pass over the built model, not a second
 * rendering:
 * <ul>
 *   <li>float32 initializers (and float32 {@code Constant} values) become float16 with
 *       round-to-nearest-even ({@link Float16}); a value beyond ±65504 is refused, naming it;
 *   <li>the ops of {@link #FLOAT32_OPS} stay float32: a {@code Cast} to float32 before each float
 *       input and a {@code Cast} back to float16 after the output;
 *   <li>{@code Cast} nodes to float32 elsewhere cast to float16;
 *   <li>value_info annotations (optional shape hints) are dropped, their types no longer hold;
 *   <li>the metadata prop {@value #PRECISION} becomes {@code fp16}.
 * </ul>
 * Integer values (shapes, axes) are left alone.
 */
public final class OnnxFloat16 {

    /** The metadata prop naming the model's floating-point precision, {@code fp32} or {@code fp16}. */
    public static final String PRECISION = "dckd.precision";

    /**
     * Ops kept in float32: reductions over a whole image ({@code ReduceMean} is RCAN's channel
     * attention pooling: a float16 sum over H×W overflows at 65504 and loses the low bits of the
     * mean) and powers and exponentials, whose float16 results overflow where the float32 ones do not.
     */
    public static final Set<String> FLOAT32_OPS = Set.of("ReduceMean", "ReduceSum", "ReduceSumSquare", "ReduceL2", "Pow", "Exp",
            "Softmax");

    private static final int FLOAT = TensorProto.DataType.FLOAT.getNumber();
    private static final int FLOAT16 = TensorProto.DataType.FLOAT16.getNumber();

    private final Map<String, Integer> types = new HashMap<>();
    private final Set<String> names = new HashSet<>();
    private final List<NodeProto> nodes = new ArrayList<>();

    private OnnxFloat16() {}

    /** The float16 version of {@code model} (a float32 model, as {@link OnnxGraph#model} builds them). */
    public static ModelProto convert(ModelProto model) {
        return new OnnxFloat16().run(model);
    }

    private ModelProto run(ModelProto model) {
        GraphProto.Builder g = model.getGraph().toBuilder();
        collectNames(g);
        for (int i = 0; i < g.getInitializerCount(); i++) {
            TensorProto t = g.getInitializer(i);
            if (t.getDataType() == FLOAT) {
                g.setInitializer(i, half(t, "initializer " + t.getName()));
            }
            types.put(t.getName(), g.getInitializer(i).getDataType());
        }
        g.clearInput().addAllInput(halfTypes(model.getGraph().getInputList()));
        g.clearOutput().addAllOutput(halfTypes(model.getGraph().getOutputList()));
        g.getInputList().forEach(v -> types.put(v.getName(), v.getType().getTensorType().getElemType()));
        for (NodeProto node : model.getGraph().getNodeList()) {
            if (FLOAT32_OPS.contains(node.getOpType())) {
                keepFloat32(node);
            } else {
                add(halfAttributes(node));
            }
        }
        g.clearNode().addAllNode(nodes).clearValueInfo();
        ModelProto.Builder m = model.toBuilder().setGraph(g);
        m.clearMetadataProps();
        for (StringStringEntryProto e : model.getMetadataPropsList()) {
            if (!e.getKey().equals(PRECISION)) {
                m.addMetadataProps(e);
            }
        }
        m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(PRECISION).setValue("fp16"));
        return m.build();
    }

    // Cast(float16 -> float32) on each float input, the op, Cast(float32 -> float16) on each output
    private void keepFloat32(NodeProto node) {
        NodeProto.Builder b = node.toBuilder().clearInput().clearOutput();
        for (String in : node.getInputList()) {
            if (!in.isEmpty() && types.getOrDefault(in, 0) == FLOAT16) {
                String wide = fresh(in + "_fp32");
                add(cast(wide, in, wide, FLOAT));
                b.addInput(wide);
            } else {
                b.addInput(in);
            }
        }
        List<String> outputs = new ArrayList<>();
        for (String out : node.getOutputList()) {
            String wide = fresh(out + "_fp32");
            b.addOutput(wide);
            outputs.add(wide);
        }
        add(b.build());
        for (int i = 0; i < outputs.size(); i++) {
            if (types.getOrDefault(outputs.get(i), 0) == FLOAT) {
                add(cast(fresh(node.getOutput(i) + "_fp16"), outputs.get(i), node.getOutput(i), FLOAT16));
            } else {
                add(NodeProto.newBuilder().setOpType("Identity").setName(fresh(node.getOutput(i) + "_id"))
                        .addInput(outputs.get(i)).addOutput(node.getOutput(i)).build());
            }
        }
    }

    // appends the node and records its outputs' element types
    private void add(NodeProto node) {
        nodes.add(node);
        int type = outputType(node, types);
        node.getOutputList().forEach(o -> types.put(o, type));
    }

    /**
     * The element type of {@code node}'s outputs in the graphs dckd renders, given the types of the
     * values before it: Shape and Size give int64, Cast its target, Constant its value's type,
     * every other op the type of its first input (0: unknown).
     */
    static int outputType(NodeProto node, Map<String, Integer> types) {
        return switch (node.getOpType()) {
            case "Shape", "Size" -> TensorProto.DataType.INT64.getNumber();
            case "Cast" -> (int) attribute(node, "to").getI();
            case "Constant" -> attribute(node, "value").getT().getDataType();
            default -> node.getInputCount() == 0 ? 0 : types.getOrDefault(node.getInput(0), 0);
        };
    }

    private NodeProto halfAttributes(NodeProto node) {
        NodeProto.Builder b = node.toBuilder();
        for (int i = 0; i < b.getAttributeCount(); i++) {
            AttributeProto a = b.getAttribute(i);
            if (node.getOpType().equals("Cast") && a.getName().equals("to") && a.getI() == FLOAT) {
                b.setAttribute(i, a.toBuilder().setI(FLOAT16));
            } else if (a.getType() == AttributeProto.AttributeType.TENSOR && a.getT().getDataType() == FLOAT) {
                b.setAttribute(i, a.toBuilder().setT(half(a.getT(), node.getOpType() + " " + node.getName())));
            }
        }
        return b.build();
    }

    /** {@code Cast(in) -> out} to element type {@code to}. */
    static NodeProto cast(String name, String in, String out, int to) {
        return NodeProto.newBuilder().setOpType("Cast").setName(name).addInput(in).addOutput(out)
                .addAttribute(AttributeProto.newBuilder().setName("to").setType(AttributeProto.AttributeType.INT).setI(to)).build();
    }

    private static AttributeProto attribute(NodeProto node, String name) {
        return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(node.getOpType() + " node " + node.getName() + " has no attribute " + name));
    }

    private static List<ValueInfoProto> halfTypes(List<ValueInfoProto> values) {
        List<ValueInfoProto> out = new ArrayList<>();
        for (ValueInfoProto v : values) {
            if (v.getType().getTensorType().getElemType() == FLOAT) {
                ValueInfoProto.Builder b = v.toBuilder();
                b.getTypeBuilder().getTensorTypeBuilder().setElemType(FLOAT16);
                out.add(b.build());
            } else {
                out.add(v);
            }
        }
        return out;
    }

    /** A float32 tensor as float16 raw data; values beyond the float16 range are refused. */
    static TensorProto half(TensorProto t, String what) {
        float[] values = floats(t);
        ByteBuffer raw = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            if (Float.isFinite(v) && Math.abs(v) > Float16.MAX_VALUE) {
                throw new IllegalArgumentException(what + " holds " + v + " at index " + i
                        + ", beyond float16's largest value " + Float16.MAX_VALUE + ": export it as float32");
            }
            raw.putShort(Float16.fromFloat(v));
        }
        return t.toBuilder().setDataType(FLOAT16).clearFloatData().setRawData(ByteString.copyFrom(raw.array())).build();
    }

    /** A float32 tensor with its values rounded to the nearest float16 values, still float32. */
    static TensorProto rounded(TensorProto t) {
        float[] values = floats(t);
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            raw.putFloat(Float16.toFloat(Float16.fromFloat(v)));
        }
        return t.toBuilder().clearFloatData().setRawData(ByteString.copyFrom(raw.array())).build();
    }

    private static float[] floats(TensorProto t) {
        if (!t.getRawData().isEmpty()) {
            ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            float[] out = new float[raw.remaining() / Float.BYTES];
            raw.asFloatBuffer().get(out);
            return out;
        }
        float[] out = new float[t.getFloatDataCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.getFloatData(i);
        }
        return out;
    }

    private void collectNames(GraphProto.Builder g) {
        g.getInputList().forEach(v -> names.add(v.getName()));
        g.getOutputList().forEach(v -> names.add(v.getName()));
        g.getInitializerList().forEach(t -> names.add(t.getName()));
        for (NodeProto n : g.getNodeList()) {
            names.add(n.getName());
            names.addAll(n.getOutputList());
        }
    }

    private String fresh(String base) {
        return unique(names, base);
    }

    /** {@code base}, or {@code base_1}, {@code base_2}... the first not in {@code names}; added to them. */
    static String unique(Set<String> names, String base) {
        String name = base;
        for (int i = 1; !names.add(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }
}
