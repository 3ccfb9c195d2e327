package io.dckd.core.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.onnx.proto.OnnxMl.ModelProto;
import com.typesafe.config.ConfigRenderOptions;
import io.dckd.core.io.WeightsMetadata;
import io.dckd.core.spi.Backbone;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.train.Network;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The ONNX file dckd writes for a network ({@code dckd export}, the export stage): the rendering of
 * its inference forward ({@link OnnxRenderer}, input {@code input}, 3 channels; for a {@link Network},
 * with the padding to its size multiple in the graph), float32 or through {@link OnnxFloat16}, with
 * the architecture in the metadata props ({@link #ARCHITECTURE}, {@link #SCALE}, {@link #SIZE_MULTIPLE},
 * {@link #OPTIONS}, {@link #TASK}, {@link #VERSION} and {@value OnnxFloat16#PRECISION}, which
 * {@code dckd restore} and {@code eval} read back); checked in ONNX Runtime against the DJL forward on a
 * probe batch before it is written, and for float16 against overflow.
 */
public final class OnnxExport {

    public static final String ARCHITECTURE = "dckd.architecture";
    public static final String OPTIONS = "dckd.options";
    public static final String SCALE = "dckd.scale";
    public static final String TASK = "dckd.task";
    public static final String SIZE_MULTIPLE = "dckd.size_multiple";
    public static final String VERSION = "dckd.version";

    /** The opset the export stage writes ({@code dckd export}'s default). */
    public static final int DEFAULT_OPSET = 17;

    /**
     * The model's bytes, its largest distance to the DJL forward on the probe batch, and the float32
     * rendering's largest activation there.
     */
    public record Checked(byte[] bytes, double maxAbsDiff, OnnxActivations.Peak peak) {}

    private OnnxExport() {}

    /**
     * The model of a bare block (no size-multiple padding, no task).
     *
     * @param block the network, initialised with the weights to export
     * @param spec the network's resolved spec (its options become {@code dckd.options})
     * @param fp16 float16 initializers, input and output
     * @throws IllegalArgumentException when a block of the network cannot be rendered, or a weight
     *     does not fit float16
     */
    public static byte[] model(Block block, ComponentSpec spec, int scale, int opset, boolean fp16) {
        ModelProto model = float32(block, spec, scale, opset);
        return (fp16 ? OnnxFloat16.convert(model) : model).toByteArray();
    }

    private static ModelProto float32(Block block, ComponentSpec spec, int scale, int opset) {
        return OnnxRenderer.render(block, spec.type(), opset, 3).model(WeightsMetadata.version(), metadata(spec, scale, 1, ""));
    }

    private static Map<String, String> metadata(ComponentSpec spec, int scale, int sizeMultiple, String task) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(ARCHITECTURE, spec.type());
        m.put(SCALE, Integer.toString(scale));
        m.put(SIZE_MULTIPLE, Integer.toString(sizeMultiple));
        m.put(OPTIONS, spec.params().root().render(ConfigRenderOptions.concise()));
        m.put(VERSION, WeightsMetadata.version());
        m.put(OnnxFloat16.PRECISION, "fp32");
        if (!task.isEmpty()) {
            m.put(TASK, task);
        }
        return m;
    }

    /**
     * {@link #model} of a bare block, checked as {@link #checked(Network, ComponentSpec, String, int, boolean)}
     * checks, against the block's forward.
     *
     * @param manager where the probe batch is made (the network's)
     */
    public static Checked checked(Block block, ComponentSpec spec, int scale, int opset, boolean fp16, NDManager manager) {
        return check(float32(block, spec, scale, opset), x -> OnnxParity.forward(block, x), fp16, manager);
    }

    /**
     * The model of {@code net} as {@link Network#infer} runs it (padded to the size multiple in the
     * graph), with the task in the metadata when known ({@code ""}: none), run by ONNX Runtime on a
     * seeded uniform 2×3×19×23 batch (no multiple of 2, 4, 8 or a window: the rendering must not
     * assume one) next to {@code net.infer}; for float16, the float32 rendering's activations on that
     * batch must stay within float16's range ({@link OnnxActivations}).
     *
     * @throws IllegalArgumentException when a block of the network cannot be rendered, or a weight
     *     does not fit float16
     * @throws IllegalStateException when the probe output is not finite, or for float16 when an
     *     activation passes 65504
     */
    public static Checked checked(Network net, ComponentSpec spec, String task, int opset, boolean fp16) {
        Backbone b = net.backbone();
        ModelProto model = OnnxRenderer.render(b, opset, 3).model(WeightsMetadata.version(),
                metadata(spec, b.scale(), b.sizeMultiple(), task));
        return check(model, net::infer, fp16, net.manager());
    }

    private static Checked check(ModelProto model, UnaryOperator<NDArray> reference, boolean fp16, NDManager manager) {
        try (NDManager m = manager.newSubManager()) {
            m.getEngine().setRandomSeed(0);
            NDArray probe = m.randomUniform(0, 1, new Shape(2, 3, 19, 23));
            OnnxActivations.Peak peak = OnnxActivations.peak(model, probe);
            if (fp16 && !(peak.magnitude() <= Float16.MAX_VALUE)) {
                throw new IllegalStateException(String.format("value %s of the network reaches %.6g on a probe batch, beyond float16's"
                        + " largest value 65504: the float16 model would give infinities and NaN; export it as float32", peak.value(),
                        peak.magnitude()));
            }
            byte[] bytes = (fp16 ? OnnxFloat16.convert(model) : model).toByteArray();
            double diff;
            try (OnnxRuntimeModel ort = OnnxRuntimeModel.of(bytes, 0)) {
                diff = OnnxParity.maxAbsDiff(reference.apply(probe), ort, probe);
            }
            if (!Double.isFinite(diff)) {
                throw new IllegalStateException("the " + (fp16 ? "float16" : "float32") + " ONNX model's output on a probe batch is not finite");
            }
            return new Checked(bytes, diff, peak);
        }
    }
}
