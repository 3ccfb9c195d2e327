package io.dckd.launcher.cmd;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValueFactory;
import io.dckd.core.nn.TorchNames;
import io.dckd.core.spi.Backbone;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.launcher.DckdApp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * One backbone preset as {@code dckd backbones} shows it: its architecture, the network config it
 * resolves to (the preset's options over the architecture's defaults), the scales it builds at and
 * its exact parameter count at each.
 *
 * @param options the resolved network config, {@code type} = the architecture
 * @param parameters parameter count by scale: x2/x3/x4 for super-resolution networks, x1 for the
 *     others (networks that do not take {@code upscale}, or ignore it)
 * @param error why the preset does not build at any scale, or null
 */
record PresetSummary(String name, String architecture, Config options, Map<Integer, Long> parameters, String error) {

    /** The scales tried for networks that take {@code upscale}. */
    private static final int[] SR_SCALES = {2, 3, 4};

    static PresetSummary of(DckdApp app, String preset) {
        Config presetOptions = app.components().preset(preset);
        String arch = presetOptions.getString("type");
        Config options = presetOptions.withFallback(architectureDefaults(app.reference(), arch));
        Map<Integer, Long> counts = new LinkedHashMap<>();
        String error = null;
        for (int s : SR_SCALES) {
            try {
                counts.put(s, count(app, preset, s));
            } catch (RuntimeException e) {
                // this scale is not supported (or upscale is not an option of the architecture)
            }
        }
        if (counts.isEmpty()) {
            try {
                counts.put(1, count(app, preset, 1));
            } catch (RuntimeException e) {
                error = e.getMessage();
            }
        }
        return new PresetSummary(preset, arch, options, counts, error);
    }

    /**
     * The architecture's defaults: {@code dckd.backbones.defaults.<Type>} for built-ins,
     * {@code dckd.plugins.<id>.defaults} for a plugin's {@code <id>:<Type>}; empty when neither is declared.
     */
    static Config architectureDefaults(Config reference, String arch) {
        int colon = arch.indexOf(':');
        String path = colon > 0 ? "dckd.plugins." + ConfigUtil.quoteString(arch.substring(0, colon)) + ".defaults"
                : "dckd.backbones.defaults." + ConfigUtil.quoteString(arch);
        return reference.hasPath(path) ? reference.getConfig(path) : ConfigFactory.empty();
    }

    /** Parameters at {@code scale} (1: the network as configured); throws if it does not build at that scale. */
    private static long count(DckdApp a, String preset, int scale) {
        try (NDManager m = NDManager.newBaseManager()) {
            Config params = scale == 1 ? ConfigFactory.empty() : ConfigFactory.empty().withValue("upscale", ConfigValueFactory.fromAnyRef(scale));
            Backbone b = a.components().buildBackbone(ComponentSpec.of(preset, params));
            if (scale != 1 && b.scale() != scale) {
                throw new IllegalArgumentException("builds x" + b.scale() + ", not x" + scale);
            }
            int side = Math.max(16, b.sizeMultiple());
            b.block().initialize(m, DataType.FLOAT32, new Shape(1, 3, side, side));
            return TorchNames.count(b.block());
        }
    }

    /** "252,755 / 290,483 / 315,635" (x2 / x3 / x4), or the one count of a scale-1 network. */
    String counts() {
        if (error != null) {
            return "error: " + error;
        }
        List<String> out = new ArrayList<>();
        parameters.values().forEach(c -> out.add(String.format(Locale.ROOT, "%,d", c)));
        return String.join(" / ", out);
    }

    /** One line of the plain listing. */
    String line() {
        return String.format(Locale.ROOT, "  %-16s %-12s %s", name, architecture, counts());
    }

    /** The verbose entry: the line, then scales, parameters by scale and the resolved options. */
    String verbose() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  %s  (%s)%n", name, architecture));
        if (error != null) {
            sb.append("      error       ").append(error).append(System.lineSeparator());
        } else if (parameters.containsKey(1)) {
            sb.append(String.format(Locale.ROOT, "      scales      x1 only (the architecture has no upscale option)%n"));
        } else {
            sb.append(String.format(Locale.ROOT, "      scales      %s (upscale = the run's scale)%n",
                    String.join(", ", parameters.keySet().stream().map(s -> "x" + s).toList())));
        }
        parameters.forEach((s, c) -> sb.append(String.format(Locale.ROOT, "      parameters  x%d: %,d%n", s, c)));
        sb.append("      options     ").append(render(options)).append(System.lineSeparator());
        return sb.toString();
    }

    /** {@code { type = RCAN, num_feat = 64, ... }}: type first, then the options by name. */
    static String render(Config options) {
        List<String> parts = new ArrayList<>();
        parts.add("type = " + options.getString("type"));
        for (String key : new TreeSet<>(options.root().keySet())) {
            if (!key.equals("type")) {
                parts.add(key + " = " + options.root().get(key).render(ConfigRenderOptions.concise()));
            }
        }
        return "{ " + String.join(", ", parts) + " }";
    }
}
