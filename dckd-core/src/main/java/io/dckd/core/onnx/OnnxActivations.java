package io.dckd.core.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The float activations of a float32 model against float16: {@link #peak}, the largest magnitude
 * any of them reaches on an input batch (ONNX Runtime with every node's float output made a graph
 * output; float16 holds at most 65504, and a model whose activations pass it gives infinities and
 * then NaN in float16, the known failure of fp16 super-resolution models, which float32 kernels
 * between casts would hide), and {@link #roundedToFloat16}, the model with all of them rounded.
 */
public final class OnnxActivations {

    /** The value with the largest magnitude and that magnitude. */
    public record Peak(String value, double magnitude) {}

    private static final int FLOAT = TensorProto.DataType.FLOAT.getNumber();

    private OnnxActivations() {}

    /**
     * The peak over the input, the node outputs and the output of {@code model} (float32) on
     * {@code x} (B×C×H×W); a NaN anywhere is the peak (magnitude NaN).
     */
    public static Peak peak(ModelProto model, NDArray x) {
        GraphProto.Builder g = model.getGraph().toBuilder();
        Set<String> outputs = new HashSet<>();
        g.getOutputList().forEach(v -> outputs.add(v.getName()));
        Set<String> floats = floatValues(model.getGraph());
        for (NodeProto node : model.getGraph().getNodeList()) {
            for (String out : node.getOutputList()) {
                if (floats.contains(out) && outputs.add(out)) {
                    g.addOutput(ValueInfoProto.newBuilder().setName(out).setType(TypeProto.newBuilder()
                            .setTensorType(TypeProto.Tensor.newBuilder().setElemType(FLOAT))));
                }
            }
        }
        NDArray in = x.getDataType() == DataType.FLOAT32 ? x : x.toType(DataType.FLOAT32, false);
        Peak peak = new Peak(g.getInput(0).getName(), in.abs().max().getFloat());
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             OrtSession session = env.createSession(model.toBuilder().setGraph(g).build().toByteArray(), options);
             OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(in.toFloatArray()), in.getShape().getShape());
             OrtSession.Result result = session.run(Map.of(g.getInput(0).getName(), tensor))) {
            for (Map.Entry<String, OnnxValue> e : result) {
                if (e.getValue() instanceof OnnxTensor t && t.getInfo().type == OnnxJavaType.FLOAT) {
                    double m = maxAbs(t.getFloatBuffer());
                    if (Double.isNaN(m)) {
                        return new Peak(e.getKey(), m);
                    }
                    if (m > peak.magnitude()) {
                        peak = new Peak(e.getKey(), m);
                    }
                }
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot run the model with its activations as outputs: " + e.getMessage(), e);
        }
        return peak;
    }

    /**
     * {@code model} (float32) computed as a runtime that keeps weights and activations in float16
     * does, up to its accumulation inside an op: its float weights and input rounded to float16, and
     * a {@code Cast} to float16 and back after each node with a float output. ONNX Runtime's CPU
     * provider runs this as written, where it runs a float16 model in float32 between one cast in and
     * one cast out.
     */
    public static ModelProto roundedToFloat16(ModelProto model) {
        GraphProto fp32 = model.getGraph();
        Set<String> floats = floatValues(fp32);
        Set<String> names = new HashSet<>(floats);
        fp32.getNodeList().forEach(n -> {
            names.add(n.getName());
            names.addAll(n.getOutputList());
        });
        GraphProto.Builder g = fp32.toBuilder().clearNode();
        for (int i = 0; i < g.getInitializerCount(); i++) {
            if (g.getInitializer(i).getDataType() == FLOAT) {
                g.setInitializer(i, OnnxFloat16.rounded(g.getInitializer(i)));
            }
        }
        String input = fp32.getInput(0).getName();
        String roundedInput = OnnxFloat16.unique(names, input + "_rounded");
        g.addAllNode(roundTrip(names, input, roundedInput));
        for (NodeProto node : fp32.getNodeList()) {
            NodeProto.Builder b = node.toBuilder();
            for (int i = 0; i < node.getInputCount(); i++) {
                if (node.getInput(i).equals(input)) {
                    b.setInput(i, roundedInput);
                }
            }
            List<NodeProto> casts = new ArrayList<>();
            for (int i = 0; i < node.getOutputCount(); i++) {
                if (floats.contains(node.getOutput(i))) {
                    String exact = OnnxFloat16.unique(names, node.getOutput(i) + "_exact");
                    b.setOutput(i, exact);
                    casts.addAll(roundTrip(names, exact, node.getOutput(i)));
                }
            }
            g.addNode(b).addAllNode(casts);
        }
        return model.toBuilder().setGraph(g).build();
    }

    // in -> Cast(float16) -> Cast(float32) -> out
    private static List<NodeProto> roundTrip(Set<String> names, String in, String out) {
        String half = OnnxFloat16.unique(names, out + "_half");
        return List.of(OnnxFloat16.cast(OnnxFloat16.unique(names, half + "_cast"), in, half, TensorProto.DataType.FLOAT16.getNumber()),
                OnnxFloat16.cast(OnnxFloat16.unique(names, out + "_cast"), half, out, FLOAT));
    }

    // the float values: the float input and initializers, and the float outputs of the nodes
    private static Set<String> floatValues(GraphProto g) {
        Map<String, Integer> types = new HashMap<>();
        g.getInputList().forEach(v -> types.put(v.getName(), v.getType().getTensorType().getElemType()));
        g.getInitializerList().forEach(t -> types.put(t.getName(), t.getDataType()));
        for (NodeProto node : g.getNodeList()) {
            int type = OnnxFloat16.outputType(node, types);
            node.getOutputList().forEach(o -> types.put(o, type));
        }
        Set<String> floats = new HashSet<>();
        types.forEach((name, type) -> {
            if (type == FLOAT) {
                floats.add(name);
            }
        });
        return floats;
    }

    private static double maxAbs(FloatBuffer values) {
        double m = 0;
        while (values.hasRemaining()) {
            float v = Math.abs(values.get());
            if (Float.isNaN(v)) {
                return Double.NaN;
            }
            m = Math.max(m, v);
        }
        return m;
    }
}
