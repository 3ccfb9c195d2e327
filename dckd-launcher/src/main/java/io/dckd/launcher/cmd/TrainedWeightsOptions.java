package io.dckd.launcher.cmd;

import io.dckd.core.registry.Components;
import io.dckd.core.spi.ComponentSpec;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The weights file a command runs and how to read its architecture: shared by restore and export. */
final class TrainedWeightsOptions {

    @Option(names = "--backbone", description = "architecture or preset, e.g. rcan-s (without -c; default: the weights' dckd metadata)")
    String backbone;

    @Option(names = "--scale", description = "upscaling factor for --backbone, or of an .onnx model without dckd metadata (default: the weights' dckd metadata, else 4, or 1 for a network that keeps the size)")
    Integer scale;

    @Option(names = "--weights", required = true, description = "weights (safetensors or PyTorch .pth; restore also runs a model.onnx from dckd export)")
    Path weights;

    @Option(names = "--param-key", defaultValue = "params_ema", description = "top-level key in multi-dict checkpoints (default ${DEFAULT-VALUE})")
    String paramKey;

    @Option(names = "--allow-non-finite", description = "load weights holding NaN or infinite values (refused by default: they give black outputs)")
    boolean allowNonFinite;

    /** The network these options and the weights' metadata describe ({@link RestoreArchitecture}). */
    ComponentSpec architecture(Components components) {
        return new RestoreArchitecture(weights, backbone, scale, components).spec();
    }
}
