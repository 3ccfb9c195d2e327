package io.dckd.core.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Validation means of a fixed model that a training stage measures itself against (the teacher of a
 * distillation), one JSON line per set: {@code {"name":"teacher","set":"val","psnr":..,"ssim":..}}.
 * Kept in {@value #FILE} next to {@code metrics.jsonl}, whose curves {@link CurvePlot} draws them over.
 */
public final class ReferenceScores {

    /** File name in the stage's run directory. */
    public static final String FILE = "references.jsonl";

    private ReferenceScores() {}

    /**
     * Writes {@code dir/}{@value #FILE} with {@code name}'s results, measured by {@code measure} only if
     * the file is not there yet (a resumed stage keeps the first measurement).
     */
    public static void ensure(Path dir, String name, Supplier<Map<String, Validator.SetResult>> measure) throws IOException {
        Path file = dir.resolve(FILE);
        if (Files.exists(file)) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (Validator.SetResult r : measure.get().values()) {
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("name", name);
            rec.put("set", r.set());
            rec.putAll(r.mean());
            sb.append(MetricsLog.toJson(rec)).append('\n');
        }
        Files.createDirectories(dir);
        Files.writeString(file, sb.toString());
    }

    /** The records of {@code file}. */
    public static List<Map<String, Object>> read(Path file) throws IOException {
        return MetricsLog.read(file);
    }
}
