package io.dckd.launcher.cmd;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.dckd.core.io.StoredArchitecture;
import io.dckd.core.registry.Components;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.train.ArchitectureMatch;
import io.dckd.core.train.IoFaults;
import io.dckd.launcher.Dckd;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The network {@code dckd restore} builds without {@code -c}: {@code --backbone} and {@code --scale}
 * where given, the weights' dckd metadata for the rest (all of it when neither is given, 4 for the
 * scale of files without metadata). An explicit choice that contradicts the metadata is a
 * configuration error (exit 2).
 *
 * @param backbone {@code --backbone} or null
 * @param scale {@code --scale} or null
 */
record RestoreArchitecture(Path weights, String backbone, Integer scale, Components components) {

    /**
     * The architecture that {@code weights} records, for a command run without {@code -c}; a usage error
     * (exit 2) when the file cannot be read or records none, {@code alternative} saying what to give instead.
     */
    static StoredArchitecture required(Path weights, String alternative) {
        try {
            return ArchitectureMatch.recorded(weights).orElseThrow(() -> new Dckd.UsageException("give " + alternative + ": " + weights
                    + " carries no readable dckd metadata naming its architecture (official checkpoints and PyTorch files carry none;"
                    + " a truncated or damaged file neither)"));
        } catch (IOException e) {
            throw new Dckd.UsageException("cannot read " + weights + ": " + IoFaults.describe(e));
        }
    }

    ComponentSpec spec() {
        Optional<StoredArchitecture> stored = backbone == null ? Optional.of(required(weights, "-c/--config or --backbone"))
                : ArchitectureMatch.of(weights);
        int s = scale != null ? scale : stored.map(StoredArchitecture::scale).orElseGet(this::defaultScale);
        ComponentSpec explicit = backbone != null ? ComponentSpec.of(backbone, upscale(ConfigFactory.empty(), s))
                : stored.get().spec("--weights");
        ArchitectureMatch.require(weights, explicit, s, components, null,
                (backbone != null ? "--backbone " + backbone : "") + (scale != null ? (backbone != null ? " " : "") + "--scale " + scale : ""),
                "leave them out to use the file's");
        if (stored.isEmpty()) {
            return explicit;
        }
        // the flags win; the file's options fill in what they leave to the architecture's defaults
        ComponentSpec resolved = components.resolvePreset(explicit);
        Config fromFile = stored.get().network();
        return new ComponentSpec(resolved.type(), upscale(resolved.params().withFallback(fromFile), s), resolved.path());
    }

    /**
     * The scale {@code --backbone} gets without {@code --scale} or metadata: 1 for a network that keeps
     * the size (NAFNet, Restormer, a VQGAN encoder: they have no {@code upscale} option, so 4 would be an
     * unknown key), else 4.
     */
    private int defaultScale() {
        try {
            return components.buildBackbone(ComponentSpec.of(backbone, ConfigFactory.empty())).scale() == 1 ? 1 : 4;
        } catch (RuntimeException e) {
            return 4; // an unknown name or a bad option: the check below reports it with what exists
        }
    }

    private static Config upscale(Config params, int scale) {
        return scale == 1 ? params.withoutPath("upscale") : params.withValue("upscale", ConfigValueFactory.fromAnyRef(scale, "--scale"));
    }
}
