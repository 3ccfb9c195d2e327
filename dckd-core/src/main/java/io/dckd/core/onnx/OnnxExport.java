package io.dckd.core.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.onnx.proto.OnnxMl.ModelProto;
import com.typesafe.config.ConfigRenderOptions;
import io.dckd.core.io.WeightsMetadata;
import io.dckd.core.spi.ComponentSpec;
import java.util.Map;

/**
 * The ONNX file dckd writes for a network ({@code dckd export}, the export stage): the rendering of
 * its inference forward ({@link OnnxRenderer}, input {@code input}, 3 channels), float32 or through
 * {@link OnnxFloat16}, with the architecture in the metadata props: {@code dckd.architecture},
 * {@code dckd.scale}, {@code dckd.options}, {@code dckd.version} and {@value OnnxFloat16#PRECISION};
 * checked in ONNX Runtime against the DJL forward on a probe batch before it is written, and for
 * float16 against overflow.
 */
public final class OnnxExport {

    /** The opset the export stage writes ({@code dckd export}'s default). */
    public static final int DEFAULT_OPSET = 17;

    /**
     * The model's bytes, its largest distance to the DJL forward on the probe batch, and the float32
     * rendering's largest activation there.
     */
    public record Checked(byte[] bytes, double maxAbsDiff, OnnxActivations.Peak peak) {}

    private OnnxExport() {}

    /**
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
        return OnnxRenderer.render(block, spec.type(), opset, 3).model(WeightsMetadata.version(), Map.of(
                "dckd.architecture", spec.type(),
                "dckd.scale", Integer.toString(scale),
                "dckd.options", spec.params().root().render(ConfigRenderOptions.concise()),
                "dckd.version", WeightsMetadata.version(),
                OnnxFloat16.PRECISION, "fp32"));
    }

    /**
     * {@link #model}, run by ONNX Runtime on a seeded uniform 2×3×19×23 batch (no multiple of 2, 4, 8
     * or a window: the rendering must not assume one) next to the DJL forward; for float16, the
     * float32 rendering's activations on that batch must stay within float16's range
     * ({@link OnnxActivations}).
     *
     * @param manager where the probe batch is made (the network's)
     * @throws IllegalStateException when the probe output is not finite, or for float16 when an
     *     activation passes 65504
     */
    public static Checked checked(Block block, ComponentSpec spec, int scale, int opset, boolean fp16, NDManager manager) {
        ModelProto model = float32(block, spec, scale, opset);
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
                diff = OnnxParity.maxAbsDiff(block, ort, probe);
            }
            if (!Double.isFinite(diff)) {
                throw new IllegalStateException("the " + (fp16 ? "float16" : "float32") + " ONNX model's output on a probe batch is not finite");
            }
            return new Checked(bytes, diff, peak);
        }
    }
}
