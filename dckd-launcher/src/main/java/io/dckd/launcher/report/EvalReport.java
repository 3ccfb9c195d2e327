package io.dckd.launcher.report;

import io.dckd.core.io.Json;
import io.dckd.core.pipeline.RunFacts;
import io.dckd.core.train.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results of {@code dckd eval} on every validation set (BasicSR's {@code val}, {@code val_1}, ...),
 * the network's values next to the task's baseline, rendered as the console table, Markdown, CSV and
 * JSON. Metric names are those of {@code val.metrics} (e.g. {@code psnr}, {@code ssim}); the baseline's
 * values carry the prefix {@code baseline_}; metrics are listed in alphabetical order. Means are over the
 * images of one set.
 *
 * The Markdown and JSON open with the run facts (config, seed, weights, iterations, wall time) when given.
 *
 * @param model the network's results per set, in config order
 * @param baseline the baseline's results per set (same sets, same image order)
 * @param facts what was measured and how (null: none stated)
 */
public record EvalReport(Map<String, Validator.SetResult> model, Map<String, Validator.SetResult> baseline, RunFacts facts) {

    /** A report without run facts. */
    public EvalReport(Map<String, Validator.SetResult> model, Map<String, Validator.SetResult> baseline) {
        this(model, baseline, null);
    }

    /** File names written by {@link #write}. */
    public static final String MARKDOWN = "eval.md", CSV = "eval.csv", JSON = "eval.json";

    /** Metric names in alphabetical order (psnr before ssim), whatever order the config map had. */
    private static List<String> metrics(Validator.SetResult r) {
        List<String> names = new ArrayList<>(r.mean().keySet());
        names.sort(null);
        return names;
    }

    /** The console table: per set, one row per image and the mean (network, baseline, ms). */
    public String console() {
        StringBuilder sb = new StringBuilder();
        for (Validator.SetResult r : model.values()) {
            List<String> metrics = metrics(r);
            sb.append("## ").append(r.set()).append('\n');
            sb.append(String.format(Locale.ROOT, "| %-24s |", "image"));
            for (String m : metrics) {
                sb.append(String.format(Locale.ROOT, " %10s | %10s |", m, "base " + m));
            }
            sb.append(String.format(Locale.ROOT, " %8s |%n", "ms"));
            Validator.SetResult b = baseline.get(r.set());
            for (int i = 0; i < r.images().size(); i++) {
                Validator.ImageResult img = r.images().get(i);
                sb.append(String.format(Locale.ROOT, "| %-24s |", img.name()));
                for (String m : metrics) {
                    sb.append(String.format(Locale.ROOT, " %10.4f | %10.4f |", img.values().get(m), b.images().get(i).values().get(m)));
                }
                sb.append(String.format(Locale.ROOT, " %8.1f |%n", img.ms()));
            }
            sb.append(String.format(Locale.ROOT, "| %-24s |", "mean"));
            for (String m : metrics) {
                sb.append(String.format(Locale.ROOT, " %10.4f | %10.4f |", r.mean().get(m), b.mean().get(m)));
            }
            sb.append(String.format(Locale.ROOT, " %8.1f |%n", r.msPerImage()));
        }
        return sb.toString();
    }

    /**
     * JSON {@code {"sets":[{"name", "mean":{<metric>, baseline_<metric>, ms_per_image}, "images":[{"name",
     * <metric>, baseline_<metric>, ms}]}]}}; {@code images} only when {@code perImage}.
     */
    public String json(boolean perImage) {
        List<Map<String, Object>> sets = new ArrayList<>();
        for (Validator.SetResult r : model.values()) {
            Validator.SetResult b = baseline.get(r.set());
            Map<String, Object> mean = new LinkedHashMap<>(r.mean());
            b.mean().forEach((k, v) -> mean.put("baseline_" + k, v));
            mean.put("ms_per_image", r.msPerImage());
            Map<String, Object> set = new LinkedHashMap<>();
            set.put("name", r.set());
            set.put("images_count", r.images().size());
            set.put("mean", mean);
            if (perImage) {
                List<Map<String, Object>> images = new ArrayList<>();
                for (int i = 0; i < r.images().size(); i++) {
                    images.add(imageRow(r.images().get(i), b.images().get(i)));
                }
                set.put("images", images);
            }
            sets.add(set);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        if (facts != null) {
            doc.put("run", facts.asMap());
        }
        doc.put("sets", sets);
        return Json.line(doc);
    }

    private static Map<String, Object> imageRow(Validator.ImageResult img, Validator.ImageResult base) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", img.name());
        m.putAll(img.values());
        base.values().forEach((k, v) -> m.put("baseline_" + k, v));
        m.put("ms", img.ms());
        return m;
    }

    /**
     * A Markdown summary: one row per set with the mean of each metric, the baseline's mean and the
     * gain; with {@code perImage}, one table per set with every image after it.
     */
    public String markdown(boolean perImage) {
        StringBuilder sb = new StringBuilder("# dckd eval\n\n");
        if (facts != null) {
            sb.append(facts.markdown());
        }
        List<String> metrics = model.isEmpty() ? List.of() : metrics(model.values().iterator().next());
        sb.append("| set | images |");
        for (String m : metrics) {
            sb.append(' ').append(m).append(" | baseline ").append(m).append(" | gain |");
        }
        sb.append(" ms / image |\n|---|---:|");
        sb.append("---:|---:|---:|".repeat(metrics.size())).append("---:|\n");
        for (Validator.SetResult r : model.values()) {
            Validator.SetResult b = baseline.get(r.set());
            sb.append("| ").append(cell(r.set())).append(" | ").append(r.images().size()).append(" |");
            for (String m : metrics) {
                double v = r.mean().getOrDefault(m, Double.NaN), bv = b.mean().getOrDefault(m, Double.NaN);
                sb.append(String.format(Locale.ROOT, " %.4f | %.4f | %+.4f |", v, bv, v - bv));
            }
            sb.append(String.format(Locale.ROOT, " %.1f |%n", r.msPerImage()));
        }
        if (perImage) {
            for (Validator.SetResult r : model.values()) {
                Validator.SetResult b = baseline.get(r.set());
                sb.append("\n## ").append(cell(r.set())).append("\n\n| image |");
                for (String m : metrics(r)) {
                    sb.append(' ').append(m).append(" | baseline ").append(m).append(" |");
                }
                sb.append(" ms |\n|---|").append("---:|---:|".repeat(metrics(r).size())).append("---:|\n");
                for (int i = 0; i < r.images().size(); i++) {
                    Validator.ImageResult img = r.images().get(i);
                    sb.append("| ").append(cell(img.name())).append(" |");
                    for (String m : metrics(r)) {
                        sb.append(String.format(Locale.ROOT, " %.4f | %.4f |", img.values().get(m), b.images().get(i).values().get(m)));
                    }
                    sb.append(String.format(Locale.ROOT, " %.1f |%n", img.ms()));
                }
            }
        }
        return sb.toString();
    }

    /**
     * CSV with header {@code set,image,<metric>...,baseline_<metric>...,ms}: a row {@code image = mean}
     * per set and, with {@code perImage}, a row per image before it.
     */
    public String csv(boolean perImage) {
        List<String> metrics = model.isEmpty() ? List.of() : metrics(model.values().iterator().next());
        StringBuilder sb = new StringBuilder("set,image");
        metrics.forEach(m -> sb.append(',').append(m));
        metrics.forEach(m -> sb.append(",baseline_").append(m));
        sb.append(",ms\n");
        for (Validator.SetResult r : model.values()) {
            Validator.SetResult b = baseline.get(r.set());
            if (perImage) {
                for (int i = 0; i < r.images().size(); i++) {
                    Validator.ImageResult img = r.images().get(i);
                    csvRow(sb, r.set(), img.name(), metrics, img.values(), b.images().get(i).values(), img.ms());
                }
            }
            csvRow(sb, r.set(), "mean", metrics, r.mean(), b.mean(), r.msPerImage());
        }
        return sb.toString();
    }

    private static void csvRow(StringBuilder sb, String set, String image, List<String> metrics, Map<String, Double> v,
                               Map<String, Double> base, double ms) {
        sb.append(csvField(set)).append(',').append(csvField(image));
        metrics.forEach(m -> sb.append(String.format(Locale.ROOT, ",%.6f", v.getOrDefault(m, Double.NaN))));
        metrics.forEach(m -> sb.append(String.format(Locale.ROOT, ",%.6f", base.getOrDefault(m, Double.NaN))));
        sb.append(String.format(Locale.ROOT, ",%.2f%n", ms));
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    private static String cell(String s) {
        return s.replace("|", "\\|");
    }

    /** Writes {@value #MARKDOWN}, {@value #CSV} and {@value #JSON} into {@code dir} (created). */
    public List<Path> write(Path dir, boolean perImage) throws IOException {
        Files.createDirectories(dir);
        List<Path> out = List.of(dir.resolve(MARKDOWN), dir.resolve(CSV), dir.resolve(JSON));
        Files.writeString(out.get(0), markdown(perImage));
        Files.writeString(out.get(1), csv(perImage));
        Files.writeString(out.get(2), json(perImage) + "\n");
        return out;
    }
}
