package io.dckd.core.pipeline;

import io.dckd.core.io.Json;
import io.dckd.core.train.TrainingLoop;
import io.dckd.core.train.Validator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Tables printed at the end of stages: a training summary and the model comparison. */
public final class Reports {

    private Reports() {}

    /** What the task's baseline is called in tables and crops: bicubic for SR, the degraded input at scale 1. */
    public static String baselineName(int scale) {
        return scale == 1 ? "degraded input" : "bicubic";
    }

    /** One model's results: parameters (0 for the baseline) and per-set results. */
    public record Row(long parameters, Map<String, Validator.SetResult> sets) {}

    /** Validation of a finished training stage: baseline vs EMA vs raw weights of the {@code role} network. */
    public static String trainingSummary(TrainingLoop.Outcome o, long params, String role) {
        Map<String, Row> rows = new LinkedHashMap<>();
        rows.put("baseline", new Row(0, o.baseline()));
        rows.put(role + " (EMA)", new Row(params, o.ema()));
        if (!o.raw().isEmpty()) {
            rows.put(role + " (raw)", new Row(params, o.raw()));
        }
        return String.format(Locale.ROOT, "%d iterations in %.0f s (median step %.1f ms)%n", o.iterations(), o.secondsTotal(), o.medianStepMs())
                + comparison(rows);
    }

    /** Markdown: one table per validation set, a row per model with PSNR, SSIM, parameters and ms per image. */
    public static String comparison(Map<String, Row> rows) {
        StringBuilder sb = new StringBuilder();
        List<String> sets = new ArrayList<>(rows.values().iterator().next().sets().keySet());
        for (String set : sets) {
            sb.append(String.format(Locale.ROOT, "%n| %-16s | %9s | %8s | %12s | %10s |%n", set, "PSNR (dB)", "SSIM", "parameters", "ms / image"));
            sb.append("|------------------|-----------|----------|--------------|------------|\n");
            double base = Double.NaN;
            for (Map.Entry<String, Row> e : rows.entrySet()) {
                Validator.SetResult r = e.getValue().sets().get(set);
                double psnr = r.mean().getOrDefault("psnr", Double.NaN);
                if (Double.isNaN(base)) {
                    base = psnr;
                }
                sb.append(String.format(Locale.ROOT, "| %-16s | %9.4f | %8.4f | %12s | %10s |%n", e.getKey(), psnr,
                        r.mean().getOrDefault("ssim", Double.NaN),
                        e.getValue().parameters() == 0 ? "-" : String.format(Locale.ROOT, "%,d", e.getValue().parameters()),
                        e.getValue().parameters() == 0 ? "-" : String.format(Locale.ROOT, "%.1f", r.msPerImage())));
            }
        }
        return sb.toString();
    }

    /**
     * The same as JSON: {"run":{config, run name, seed, iterations, weights, wall time},
     * "models":[{"name":..,"parameters":..,"sets":{set:{psnr,ssim,ms_per_image}}}]}.
     */
    public static String comparisonJson(Map<String, Row> rows, RunFacts facts) {
        List<Map<String, Object>> models = new ArrayList<>();
        for (Map.Entry<String, Row> e : rows.entrySet()) {
            Map<String, Object> sets = new LinkedHashMap<>();
            for (Validator.SetResult r : e.getValue().sets().values()) {
                Map<String, Object> m = new LinkedHashMap<>(r.mean());
                m.put("ms_per_image", r.msPerImage());
                sets.put(r.set(), m);
            }
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("name", e.getKey());
            model.put("parameters", e.getValue().parameters());
            model.put("sets", sets);
            models.add(model);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("run", facts.asMap());
        doc.put("models", models);
        return Json.line(doc);
    }
}
