package io.dckd.core.train;

import com.typesafe.config.ConfigOrigin;
import io.dckd.core.config.ConfigProblem;
import io.dckd.core.io.StoredArchitecture;
import io.dckd.core.io.WeightsMetadata;
import io.dckd.core.registry.Components;
import io.dckd.core.spi.ComponentSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Checks a network chosen explicitly (a config's {@code network_g}, {@code --backbone}, {@code --scale})
 * against the architecture a weights file's dckd metadata records, so that a contradiction is a
 * configuration error (exit 2) naming both sides instead of a shape mismatch, or worse, a network
 * of another scale whose shapes happen to fit. Files without dckd metadata (official checkpoints,
 * PyTorch files) pass unchecked.
 */
public final class ArchitectureMatch {

    private ArchitectureMatch() {}

    /** The architecture recorded in {@code file}, if any; a file whose header cannot be read is an {@link IOException}. */
    public static Optional<StoredArchitecture> recorded(Path file) throws IOException {
        return StoredArchitecture.from(WeightsMetadata.read(file), file.toString());
    }

    /** The architecture recorded in {@code file}, if any (none when the file cannot be read). */
    public static Optional<StoredArchitecture> of(Path file) {
        try {
            return recorded(file);
        } catch (IOException e) {
            // unreadable here is unreadable for the weights reader too, which says so with the cause
            return Optional.empty();
        }
    }

    /**
     * Throws a {@link ConfigProblem} (at {@code origin} when given) if {@code file} records an
     * architecture that {@code explicit} (before preset resolution) at {@code scale} contradicts.
     *
     * @param what how the user chose it, for the message, e.g. {@code network_g} or {@code --backbone}
     * @param remedy what to do about it, for the message
     */
    public static void require(Path file, ComponentSpec explicit, int scale, Components components, ConfigOrigin origin, String what,
                               String remedy) {
        Optional<StoredArchitecture> stored = of(file);
        if (stored.isEmpty()) {
            return;
        }
        List<String> conflicts = stored.get().conflicts(components.resolvePreset(explicit), scale);
        if (!conflicts.isEmpty()) {
            String msg = file + " holds a " + stored.get().describe() + " (its dckd metadata), but " + what + " asks for "
                    + String.join(", ", conflicts) + "; " + remedy;
            throw origin == null ? new ConfigProblem(msg) : new ConfigProblem(origin, msg);
        }
    }
}
