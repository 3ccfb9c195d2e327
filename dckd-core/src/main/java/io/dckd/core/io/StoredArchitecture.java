package io.dckd.core.io;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import io.dckd.core.config.ConfigProblem;
import io.dckd.core.spi.ComponentSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The architecture a weights file was trained with, as dckd writes it into the file's metadata:
 * {@code architecture} (the preset, or the type when none was used), {@code network} (the resolved
 * options as JSON: the preset's options under the run's, {@code type} = the registered
 * architecture), {@code scale} and {@code task}. With it, {@code restore} needs no {@code --backbone}
 * or {@code --scale}, and a choice made explicitly that contradicts the file is reported as such
 * instead of as a shape mismatch.
 *
 * @param name the preset or type as the run named it, e.g. {@code rcan-s}
 * @param network the resolved network section, {@code type} = architecture, without {@code preset}
 *     and {@code upscale}
 * @param scale the network's scale (1 for deblur/derain/denoise)
 * @param task the task type, e.g. {@code sr}
 */
public record StoredArchitecture(String name, Config network, int scale, String task) {

    public static final String ARCHITECTURE = "architecture";
    public static final String NETWORK = "network";
    public static final String SCALE = "scale";
    public static final String TASK = "task";

    /** Keys that say nothing about the weights' shapes or meaning and are never compared. */
    private static final Set<String> NOT_COMPARED = Set.of("type", "preset", "upscale");

    /**
     * Describes a network from its spec after preset resolution ({@code Components.resolvePreset}):
     * {@code params.preset} is the preset it came from, if any.
     */
    public static StoredArchitecture of(ComponentSpec resolved, int scale, String task) {
        Config p = resolved.params();
        String name = p.hasPath("preset") ? p.getString("preset") : resolved.type();
        Config network = p.withoutPath("preset").withoutPath("upscale").withValue("type", ConfigValueFactory.fromAnyRef(resolved.type()));
        return new StoredArchitecture(name, network, scale, task);
    }

    /** The architecture in {@code metadata}, if it has one; {@code source} names the file in errors. */
    public static Optional<StoredArchitecture> from(WeightsMetadata metadata, String source) {
        Optional<String> json = metadata.get(NETWORK);
        if (json.isEmpty()) {
            return Optional.empty();
        }
        try {
            Config network = ConfigFactory.parseString(json.get(),
                    ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON).setOriginDescription("metadata of " + source));
            int scale = Integer.parseInt(metadata.get(SCALE).orElse("1"));
            return Optional.of(new StoredArchitecture(metadata.get(ARCHITECTURE).orElse(network.getString("type")), network, scale,
                    metadata.get(TASK).orElse("")));
        } catch (ConfigException | NumberFormatException e) {
            throw new ConfigProblem("the dckd metadata of " + source + " is malformed (" + e.getMessage()
                    + "); give the architecture explicitly");
        }
    }

    /** This description added to {@code metadata}. */
    public WeightsMetadata addTo(WeightsMetadata metadata) {
        return metadata.with(ARCHITECTURE, name).with(NETWORK, network.root().render(ConfigRenderOptions.concise()))
                .with(SCALE, scale).with(TASK, task);
    }

    /** The registered architecture, e.g. {@code RCAN}. */
    public String type() {
        return network.getString("type");
    }

    /** A spec that builds this network, {@code upscale} set for scales above 1. */
    public ComponentSpec spec(String path) {
        Config p = scale == 1 ? network : network.withValue("upscale", ConfigValueFactory.fromAnyRef(scale));
        return new ComponentSpec(type(), p, path);
    }

    /** "x4 rcan-s (RCAN) for sr". */
    public String describe() {
        return "x" + scale + " " + (name.equals(type()) ? name : name + " (" + type() + ")") + (task.isEmpty() ? "" : " for " + task);
    }

    /**
     * What contradicts this file in an explicit choice: a different architecture, a different scale,
     * or an option both set to different values (options only one of them sets are not compared).
     *
     * @param resolved the explicit network after preset resolution
     * @return one line per difference; empty when they agree
     */
    public List<String> conflicts(ComponentSpec resolved, int explicitScale) {
        List<String> out = new ArrayList<>();
        if (!resolved.type().equals(type())) {
            out.add("architecture " + resolved.type() + " (the file: " + type() + ")");
        }
        if (explicitScale != scale) {
            out.add("scale " + explicitScale + " (the file: " + scale + ")");
        }
        if (out.isEmpty()) {
            for (Map.Entry<String, ConfigValue> e : resolved.params().root().entrySet()) {
                String k = e.getKey();
                if (!NOT_COMPARED.contains(k) && network.root().containsKey(k)
                        && !same(e.getValue().unwrapped(), network.root().get(k).unwrapped())) {
                    out.add(k + " = " + e.getValue().render(ConfigRenderOptions.concise()) + " (the file: "
                            + network.root().get(k).render(ConfigRenderOptions.concise()) + ")");
                }
            }
        }
        return out;
    }

    /** Equal as values: numbers by value (HOCON's 64 and JSON's 64.0 alike), lists and maps element by element. */
    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue()) == 0;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            return x.keySet().equals(y.keySet()) && x.keySet().stream().allMatch(k -> same(x.get(k), y.get(k)));
        }
        return Objects.equals(a, b);
    }
}
