package io.dckd.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The export stage's files: {@code export.formats} ({@code safetensors}, the default, and
 * {@code onnx}: {@code export/student.onnx} next to {@code export/student.safetensors}) and
 * {@code export.fp16} (the ONNX model in float16). The {@code export} section is read with its keys
 * checked when the config is loaded: an unknown key or format, a format named twice, formats
 * without {@code safetensors} (the ONNX model is rendered from those weights) or {@code fp16}
 * without {@code onnx} are errors at their file:line.
 */
public record ExportFormats(boolean onnx, boolean fp16) {

    /** The formats the export stage writes. */
    public static final List<String> KNOWN = List.of("safetensors", "onnx");

    /** The run's choice. */
    public static ExportFormats of(Config run) {
        Config section = run.hasPath("export") ? run.getConfig("export") : ConfigFactory.empty();
        ComponentOptions o = ComponentOptions.over(RunConfig.defaults().getConfig("export")).read(section, "export");
        List<String> formats = o.getStrings("formats");
        Set<String> seen = new LinkedHashSet<>();
        for (String f : formats) {
            if (!KNOWN.contains(f)) {
                throw o.bad("formats", "unknown format '" + f + "'; known formats: " + KNOWN);
            }
            if (!seen.add(f)) {
                throw o.bad("formats", "format '" + f + "' is named twice");
            }
        }
        if (!seen.contains("safetensors")) {
            throw o.bad("formats", "must include safetensors (the ONNX model is rendered from those weights), got " + formats);
        }
        boolean fp16 = o.getBoolean("fp16");
        if (fp16 && !seen.contains("onnx")) {
            throw o.bad("fp16", "applies to the ONNX model: add onnx to export.formats");
        }
        return new ExportFormats(seen.contains("onnx"), fp16);
    }

    /** Checks the run's {@code export} section when the config is loaded, not at the end of training. */
    public static void require(Config run) {
        of(run);
    }
}
