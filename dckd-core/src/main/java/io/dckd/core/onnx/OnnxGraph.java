package io.dckd.core.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A float32 ONNX graph under construction (the ONNX protobuf messages of tribuo-util-onnx): nodes
 * of the default domain, initializers, and one NCHW image input and output whose batch, height and
 * width are dynamic. Value names are unique; {@link #op} invents them for node outputs.
 */
public final class OnnxGraph {

    /** The opsets the renderings are written for (ReduceMean's axes moved to an input in 18). */
    public static final int MIN_OPSET = 13;
    public static final int MAX_OPSET = 21;

    private final int opset;
    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Set<String> names = new HashSet<>();
    private int counter;

    /** @param opset the default-domain opset version, {@value #MIN_OPSET} to {@value #MAX_OPSET} */
    public OnnxGraph(String name, int opset) {
        if (opset < MIN_OPSET || opset > MAX_OPSET) {
            throw new IllegalArgumentException("opset " + opset + " is not supported: " + MIN_OPSET + " to " + MAX_OPSET);
        }
        this.opset = opset;
        graph.setName(name);
    }

    public int opset() {
        return opset;
    }

    /** Declares the graph input {@code name}: float32 batch×channels×height×width, all but channels dynamic. */
    public String input(String name, long channels) {
        claim(name);
        graph.addInput(image(name, TensorProto.DataType.FLOAT, channels));
        return name;
    }

    /** Makes {@code value} the graph output {@code name} (through an Identity node when named otherwise). */
    public void output(String value, String name, long channels) {
        if (!value.equals(name)) {
            claim(name);
            graph.addNode(NodeProto.newBuilder().setOpType("Identity").setName(name).addInput(value).addOutput(name));
        }
        graph.addOutput(image(name, TensorProto.DataType.FLOAT, channels));
    }

    /**
     * Adds node {@code opType} of the default domain on {@code inputs} and returns its (one) output.
     * Attribute values: Integer or Long (INT), Float or Double (FLOAT), String, int[] or long[] (INTS), float[] (FLOATS).
     */
    public String op(String opType, List<String> inputs, Map<String, Object> attributes) {
        String out = fresh(opType);
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(opType).setName(out).addAllInput(inputs).addOutput(out);
        attributes.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> node.addAttribute(attribute(e.getKey(), e.getValue())));
        graph.addNode(node);
        return out;
    }

    /** {@link #op} without attributes. */
    public String op(String opType, String... inputs) {
        return op(opType, List.of(inputs), Map.of());
    }

    /** {@code ReduceMean(x, axes, keepdims=1)}. */
    public String reduceMean(String x, long... axes) {
        return reduce("ReduceMean", x, axes);
    }

    /**
     * The reduction {@code opType} (ReduceMean, ReduceSumSquare, ...) of {@code x} over {@code axes}
     * with keepdims=1: the axes are an attribute before opset 18, an input from 18 on.
     */
    public String reduce(String opType, String x, long... axes) {
        if (opset < 18) {
            return op(opType, List.of(x), Map.of("axes", axes, "keepdims", 1L));
        }
        return op(opType, List.of(x, constant(axes)), Map.of("keepdims", 1L));
    }

    /** Exact (erf) GELU: ONNX's Gelu from opset 20, {@code 0.5·x·(1 + erf(x/√2))} before. */
    public String gelu(String x) {
        if (opset >= 20) {
            return op("Gelu", x);
        }
        String erf = op("Erf", op("Div", x, constant((float) Math.sqrt(2))));
        return op("Mul", op("Mul", x, constant(0.5f)), op("Add", erf, constant(1f)));
    }

    /** {@code x[..., start:end, ...]} along {@code axis}, static bounds (Slice). */
    public String slice(String x, long axis, long start, long end) {
        return op("Slice", x, constant(new long[] {start}), constant(new long[] {end}), constant(new long[] {axis}));
    }

    /** The {@code parts} equal chunks of {@code x} along {@code axis} of static size {@code size} ({@code torch.chunk}). */
    public String[] chunks(String x, long axis, int parts, long size) {
        if (size % parts != 0) {
            throw new IllegalArgumentException("cannot cut " + size + " into " + parts + " equal chunks");
        }
        String[] out = new String[parts];
        long step = size / parts;
        for (int i = 0; i < parts; i++) {
            out[i] = slice(x, axis, i * step, (i + 1) * step);
        }
        return out;
    }

    /** The int64 vector of {@code x}'s dims {@code from} (inclusive) to {@code to} (exclusive), computed in the graph. */
    public String dims(String x, long from, long to) {
        return slice(op("Shape", x), 0, from, to);
    }

    /** A float32 initializer {@code name} holding {@code value} (a float32 array), dims as the array's shape. */
    public String initializer(String name, NDArray value) {
        if (value.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("initializer " + name + " is " + value.getDataType() + ", expected float32");
        }
        return floats(claim(name), value.toFloatArray(), value.getShape().getShape());
    }

    /** A float32 constant of the given dims (a scalar when none). */
    public String constant(float[] values, long... dims) {
        return floats(fresh("const"), values, dims);
    }

    /** A float32 scalar constant. */
    public String constant(float value) {
        return constant(new float[] {value});
    }

    /** An int64 vector constant (shapes, axes). */
    public String constant(long[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            raw.putLong(v);
        }
        String name = fresh("const");
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64.getNumber())
                .addDims(values.length).setRawData(ByteString.copyFrom(raw.array())));
        return name;
    }

    /** The model: this graph, the opset, and {@code metadata} as the model's metadata props. */
    public ModelProto model(String producerVersion, Map<String, String> metadata) {
        ModelProto.Builder m = ModelProto.newBuilder()
                .setIrVersion(irVersion(opset))
                .setProducerName("dckd")
                .setProducerVersion(producerVersion)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(graph.build());
        metadata.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(e.getKey()).setValue(e.getValue())));
        return m.build();
    }

    // the IR version each opset was released with (onnx/helper.py VERSION_TABLE)
    private static long irVersion(int opset) {
        return opset <= 18 ? 8 : opset <= 20 ? 9 : 10;
    }

    private String floats(String name, float[] values, long[] dims) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            raw.putFloat(v);
        }
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT.getNumber())
                .setRawData(ByteString.copyFrom(raw.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return name;
    }

    private static ValueInfoProto image(String name, TensorProto.DataType type, long channels) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(channels))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(name + "_height"))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(name + "_width"));
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape))).build();
    }

    private static AttributeProto attribute(String name, Object value) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
        if (value instanceof Integer || value instanceof Long) {
            a.setType(AttributeProto.AttributeType.INT).setI(((Number) value).longValue());
        } else if (value instanceof Float || value instanceof Double) {
            a.setType(AttributeProto.AttributeType.FLOAT).setF(((Number) value).floatValue());
        } else if (value instanceof String s) {
            a.setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(s));
        } else if (value instanceof long[] v) {
            a.setType(AttributeProto.AttributeType.INTS);
            for (long x : v) {
                a.addInts(x);
            }
        } else if (value instanceof int[] v) {
            a.setType(AttributeProto.AttributeType.INTS);
            for (int x : v) {
                a.addInts(x);
            }
        } else if (value instanceof float[] v) {
            a.setType(AttributeProto.AttributeType.FLOATS);
            for (float x : v) {
                a.addFloats(x);
            }
        } else {
            throw new IllegalArgumentException("attribute " + name + ": unsupported value type " + value.getClass().getName());
        }
        return a.build();
    }

    private String fresh(String prefix) {
        String name;
        do {
            name = prefix + "_" + counter++;
        } while (names.contains(name));
        return claim(name);
    }

    private String claim(String name) {
        if (!names.add(name)) {
            throw new IllegalArgumentException("two values named " + name + " in the ONNX graph");
        }
        return name;
    }
}
