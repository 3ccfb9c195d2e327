package io.dckd.core.pipeline;

import com.google.inject.Inject;
import io.dckd.core.config.ExportFormats;
import io.dckd.core.config.ExportWeights;
import io.dckd.core.config.RunConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Stage {@code export}: the student's weights ({@code export.weights}: best, EMA or raw) with their
 * metadata, and the config, in {@code export/}; with {@code export.formats = [safetensors, onnx]}
 * also their ONNX model ({@code export/student.onnx}, float16 with {@code export.fp16}).
 */
final class ExportStage extends RunStage {

    @Inject
    ExportStage(PipelineRun run) {
        super("export", run);
    }

    @Override
    public Optional<String> run() throws IOException {
        Path out = p.run().export();
        Files.createDirectories(out);
        Path models = p.root().hasPath("network_t") ? p.run().root().resolve("distill").resolve("models") : p.run().models();
        if (!p.root().hasPath("network_t") && !Files.exists(p.run().emaWeights())) {
            models = p.run().root().resolve("train").resolve("models"); // a supervised run written by an older dckd
        }
        ExportFormats formats = ExportFormats.of(p.root());
        Path target = out.resolve("student.safetensors");
        String what = new StudentExport(models, p.log()).write(ExportWeights.of(p.root()), target);
        Files.writeString(out.resolve("config.conf"), RunConfig.render(p.root()));
        p.log().info("exported the student (%s; official key names, architecture in its metadata) to %s", what, target);
        Map<String, Object> outputs = new LinkedHashMap<>(Map.of("weights", target.toString()));
        if (formats.onnx()) {
            Path onnx = out.resolve("student.onnx");
            p.log().info("exported the student's %s to %s", new StudentOnnx(p).write(target, onnx, formats.fp16()), onnx);
            outputs.put("onnx", onnx.toString());
        } else {
            Files.deleteIfExists(out.resolve("student.onnx")); // an earlier export's, of other weights
        }
        p.markers().finish(name(), outputs);
        return Optional.empty();
    }
}
