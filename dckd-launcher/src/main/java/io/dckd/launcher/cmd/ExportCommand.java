package io.dckd.launcher.cmd;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import io.dckd.core.io.StoredArchitecture;
import io.dckd.core.onnx.OnnxExport;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.train.ArchitectureMatch;
import io.dckd.core.spi.CodebookEncoder;
import io.dckd.core.train.Network;
import io.dckd.launcher.DckdApp;
import io.dckd.launcher.Dckd;
import io.dckd.launcher.Engines;
import io.dckd.launcher.Weights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dckd export}: writes trained weights as an ONNX model of the network's inference forward
 * (rendered from the same blocks the Java forward runs), NCHW float32 images in [0,1], dynamic
 * batch, height and width (padded to the backbone's size multiple in the graph), with the architecture,
 * scale and task in the model's metadata props ({@link OnnxExport}); with {@code --fp16} float16 weights
 * and images ({@link io.dckd.core.onnx.OnnxFloat16}). Then runs the model in ONNX Runtime on a probe
 * batch and prints its distance to the DJL forward; a float16 model whose probe output is not finite
 * (an overflow) is an error and is not kept.
 */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Export trained weights as an ONNX model."
        + " The architecture: the weights' dckd metadata, or --backbone and --scale.")
public final class ExportCommand implements Callable<Integer> {

    /** The export formats. */
    public enum Format { onnx }

    /** Only for the engine and plugin options; the architecture comes from the weights or --backbone. */
    @Mixin
    ConfigOptions config;

    @Mixin
    TrainedWeightsOptions trained;

    @Option(names = "--format", defaultValue = "onnx", description = "output format: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--opset", defaultValue = "17", description = "ONNX opset, 13 to 21 (default ${DEFAULT-VALUE})")
    int opset;

    @Option(names = "--fp16", description = "float16 weights, input and output (half the file; as traiNNer-redux's --fp16)")
    boolean fp16;

    @Option(names = "--output", required = true, description = "the model file, e.g. model.onnx")
    Path output;

    /**
     * {@code dict} without the autoencoder's other half when the network is a codebook encoder (a
     * codebook stage's {@code vq.safetensors} or a taming checkpoint holds the decoder too); as given otherwise.
     */
    static Map<String, NDArray> encoderHalf(Network net, Map<String, NDArray> dict) {
        if (!(net.backbone().block() instanceof CodebookEncoder enc)) {
            return dict;
        }
        Map<String, NDArray> kept = new LinkedHashMap<>();
        int skipped = 0;
        for (Map.Entry<String, NDArray> e : dict.entrySet()) {
            if (enc.autoencoderOnlyPrefixes().stream().anyMatch(e.getKey()::startsWith)) {
                skipped++;
            } else {
                kept.put(e.getKey(), e.getValue());
            }
        }
        if (skipped > 0) {
            System.err.printf("dckd: %d keys of the autoencoder's decoder side (%s) are not part of the encoder and are skipped%n",
                    skipped, String.join(", ", enc.autoencoderOnlyPrefixes()));
        }
        return kept;
    }

    @Override
    public Integer call() throws Exception {
        if (config.given()) {
            throw new Dckd.UsageException("export takes the architecture from the weights or --backbone/--scale, not -c");
        }
        if (opset < 13 || opset > 21) {
            throw new Dckd.UsageException("--opset must be 13 to 21, got " + opset);
        }
        try (DckdApp a = config.start()) {
            ComponentSpec spec = trained.architecture(a.components());
            Engines.prepare();
            try (Network net = Network.create("export", a.components().buildBackbone(spec), Device.cpu(), 0, false, 16)) {
                try (var m = net.manager().newSubManager()) {
                    Map<String, NDArray> dict = Weights.loader(trained.allowNonFinite).read(m, trained.weights, trained.paramKey);
                    net.load(encoderHalf(net, dict), true, trained.weights.toString());
                }
                OnnxExport.Checked model;
                try {
                    model = OnnxExport.checked(net, a.components().resolvePreset(spec), task(net.backbone().scale()), opset, fp16);
                } catch (IllegalArgumentException e) {
                    throw new Dckd.UsageException(spec.type() + " cannot be exported as ONNX" + (fp16 ? " float16" : "") + ": " + e.getMessage());
                }
                if (output.getParent() != null) {
                    Files.createDirectories(output.getParent());
                }
                Files.write(output, model.bytes());
                System.out.printf("%s -> %s (%s, opset %d, %s, %d bytes)%n", trained.weights, output, spec.type(), opset,
                        fp16 ? "float16" : "float32", model.bytes().length);
                System.out.printf("max |ONNX Runtime - DJL| on a 2x3x19x23 probe: %.3g%n", model.maxAbsDiff());
                System.out.printf("largest activation on the probe (float32): %.4g at %s%n", model.peak().magnitude(), model.peak().value());
            }
        }
        return 0;
    }

    /** The task for the metadata where it is known: the weights' dckd metadata, else {@code sr} for a scale above 1. */
    private String task(int scale) {
        String recorded = ArchitectureMatch.of(trained.weights).map(StoredArchitecture::task).orElse("");
        return !recorded.isEmpty() ? recorded : scale > 1 ? "sr" : "";
    }
}
