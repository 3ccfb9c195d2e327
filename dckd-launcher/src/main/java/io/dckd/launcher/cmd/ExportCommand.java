package io.dckd.launcher.cmd;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.typesafe.config.ConfigRenderOptions;
import io.dckd.core.io.StoredArchitecture;
import io.dckd.core.onnx.OnnxParity;
import io.dckd.core.onnx.OnnxRenderer;
import io.dckd.core.onnx.OnnxRuntimeModel;
import io.dckd.core.spi.Backbone;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.train.ArchitectureMatch;
import io.dckd.core.train.Network;
import io.dckd.launcher.DckdApp;
import io.dckd.launcher.Dckd;
import io.dckd.launcher.Engines;
import io.dckd.launcher.Version;
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
 * batch, height and width, with the architecture, scale and task in the model's metadata props; then runs the model
 * in ONNX Runtime on a probe batch and prints its distance to the DJL forward.
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

    @Option(names = "--output", required = true, description = "the model file, e.g. model.onnx")
    Path output;

    @Override
    public Integer call() throws Exception {
        if (config.given()) {
            throw new Dckd.UsageException("export takes the architecture from the weights or --backbone/--scale, not -c");
        }
        if (opset < 13 || opset > 21) {
            throw new Dckd.UsageException("--opset must be 13 to 21, got " + opset);
        }
        try (DckdApp a = config.start()) {
            ComponentSpec spec = new RestoreArchitecture(trained.weights, trained.backbone, trained.scale, a.components()).spec();
            Engines.prepare();
            try (Network net = Network.create("export", a.components().buildBackbone(spec), Device.cpu(), 0, false, 16)) {
                try (var m = net.manager().newSubManager()) {
                    net.load(Weights.loader(trained.allowNonFinite).read(m, trained.weights, trained.paramKey), true, trained.weights.toString());
                }
                byte[] model;
                try {
                    model = OnnxRenderer.render(net.backbone(), opset, 3)
                            .model(Version.current(), metadata(a.components().resolvePreset(spec), net.backbone(), task(net.backbone().scale())))
                            .toByteArray();
                } catch (IllegalArgumentException e) {
                    throw new Dckd.UsageException(spec.type() + " cannot be exported as ONNX yet: " + e.getMessage());
                }
                if (output.getParent() != null) {
                    Files.createDirectories(output.getParent());
                }
                Files.write(output, model);
                System.out.printf("%s -> %s (%s, opset %d, %d bytes)%n", trained.weights, output, spec.type(), opset, model.length);
                System.out.printf("max |ONNX Runtime - DJL| on a 2x3x19x23 probe: %.3g%n", probe(net, model));
            }
        }
        return 0;
    }

    /**
     * The metadata props restore and eval read back ({@link ExportedModel}); the task only where it
     * is known: the weights' dckd metadata, else {@code sr} for a scale above 1.
     */
    private static Map<String, String> metadata(ComponentSpec spec, Backbone b, String task) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(ExportedModel.ARCHITECTURE, spec.type());
        m.put(ExportedModel.SCALE, Integer.toString(b.scale()));
        m.put(ExportedModel.SIZE_MULTIPLE, Integer.toString(b.sizeMultiple()));
        m.put(ExportedModel.OPTIONS, spec.params().root().render(ConfigRenderOptions.concise()));
        m.put(ExportedModel.VERSION, Version.current());
        if (!task.isEmpty()) {
            m.put(ExportedModel.TASK, task);
        }
        return m;
    }

    private String task(int scale) {
        String recorded = ArchitectureMatch.of(trained.weights).map(StoredArchitecture::task).orElse("");
        return !recorded.isEmpty() ? recorded : scale > 1 ? "sr" : "";
    }

    // a size that is no multiple of 2, 4, 8 or a window: the rendering must not assume one; the Java side
    // pads to the backbone's size multiple as the graph does (Network.infer)
    private static double probe(Network net, byte[] model) {
        try (NDManager m = net.manager().newSubManager(); OnnxRuntimeModel ort = OnnxRuntimeModel.of(model, 0)) {
            m.getEngine().setRandomSeed(0);
            NDArray x = m.randomUniform(0, 1, new Shape(2, 3, 19, 23));
            return OnnxParity.maxAbsDiff(net.infer(x), ort, x);
        }
    }
}
