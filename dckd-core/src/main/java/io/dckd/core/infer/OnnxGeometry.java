package io.dckd.core.infer;

import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What tiling needs to know of an exported image model, read off its ONNX graph (no runtime
 * involved): the 4-D initializers by name (dckd names them by PyTorch state-dict key, so
 * {@link ReceptiveField} applies to them as to the DJL block) and a {@link Footprint} estimate.
 *
 * <p>The footprint sums the output of every node that carries image data, as the DJL footprint
 * sums every array alive at the end of a scoped pass: per node a channel count and a resolution
 * relative to the input are propagated ({@code Conv}: the weight's output channels, divided by
 * the stride; {@code ConvTranspose} and {@code DepthToSpace}: upsampled; {@code ReduceMean} and
 * {@code GlobalAveragePool}: one pixel; any other node: its largest image input). ONNX Runtime
 * reuses buffers between nodes, so its peak should lie below that sum (not measured); for rcan-s
 * the sum is about 0.7 of the DJL footprint measured by probe forwards, and the margin of
 * {@link Footprint#SAFETY} comes on top.
 *
 * @param parameters 4-D float initializers' shapes by name
 * @param footprint the estimated forward memory
 */
public record OnnxGeometry(Map<String, Shape> parameters, Footprint footprint) {

    /** The geometry of a serialised model; an {@link IllegalArgumentException} when it is no ONNX model. */
    public static OnnxGeometry of(byte[] model) {
        GraphProto g;
        try {
            g = ModelProto.parseFrom(model).getGraph();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not an ONNX model: " + e.getMessage(), e);
        }
        if (g.getInputCount() == 0 || g.getNodeCount() == 0) {
            throw new IllegalArgumentException("the ONNX model has no graph input or no nodes");
        }
        Map<String, Shape> shapes = new LinkedHashMap<>();
        for (TensorProto t : g.getInitializerList()) {
            shapes.put(t.getName(), new Shape(t.getDimsList().stream().mapToLong(Long::longValue).toArray()));
        }
        Map<String, Shape> params = new LinkedHashMap<>();
        shapes.forEach((k, v) -> {
            if (v.dimension() == 4) {
                params.put(k, v);
            }
        });
        return new OnnxGeometry(params, new Footprint(imageBytesPerPixel(g, shapes), 0));
    }

    // channels and resolution (relative to the input) of every image value, summed as float32 bytes per input pixel
    private static double imageBytesPerPixel(GraphProto g, Map<String, Shape> initializers) {
        Map<String, double[]> image = new HashMap<>();
        var inputShape = g.getInput(0).getType().getTensorType().getShape();
        double inChannels = inputShape.getDimCount() > 1 && inputShape.getDim(1).hasDimValue() ? inputShape.getDim(1).getDimValue() : 3;
        image.put(g.getInput(0).getName(), new double[] {inChannels, 1});
        double elements = inChannels;
        for (NodeProto n : g.getNodeList()) {
            double c = 0;
            double r = -1;
            for (String in : n.getInputList()) {
                double[] v = image.get(in);
                if (v != null) {
                    c = Math.max(c, v[0]);
                    r = Math.max(r, v[1]);
                }
            }
            if (r < 0 || n.getOutputCount() == 0) {
                continue; // shape arithmetic, constants
            }
            switch (n.getOpType()) {
                case "Conv" -> {
                    Shape w = initializers.get(n.getInput(1));
                    c = w != null ? w.get(0) : c;
                    r /= ints(n, "strides", 1);
                }
                case "ConvTranspose" -> {
                    Shape w = initializers.get(n.getInput(1));
                    c = w != null ? w.get(1) * ints(n, "group", 1) : c;
                    r *= ints(n, "strides", 1);
                }
                case "DepthToSpace" -> {
                    long b = ints(n, "blocksize", 1);
                    c /= b * b;
                    r *= b;
                }
                case "ReduceMean", "GlobalAveragePool" -> r = 0;
                default -> { }
            }
            image.put(n.getOutput(0), new double[] {c, r});
            elements += c * r * r;
        }
        return elements * Float.BYTES;
    }

    // the first value of an INT or INTS attribute
    private static long ints(NodeProto n, String name, long fallback) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a.getIntsCount() > 0 ? a.getInts(0) : a.getI();
            }
        }
        return fallback;
    }
}
