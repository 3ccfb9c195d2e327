package io.dckd.launcher.compare;

import io.dckd.core.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tables of a comparison, in the paper's layout (Table 2: the baseline's row (bicubic for SR) and
 * the teacher's, then one row per method, PSNR/SSIM per validation set, the best method in bold; a
 * teacher below the baseline is called out above the tables, since every KD term then pulls the
 * students towards something worse than interpolation), once for the raw weights (what
 * ANCHORS.md compares) and once for the EMA weights. With several seeds a cell is mean ± sample
 * standard deviation over seeds. Written as {@code compare.md}, {@code compare.csv} and
 * {@code compare.json}.
 */
public final class ComparisonReport {

    /** The weight kinds with validation curves, raw first. */
    public static final List<String> WEIGHTS = List.of("raw", "ema");

    /** The weight kinds measured after training: raw, EMA and the exported student ({@code export.weights}, default the best). */
    public static final List<String> REPORTED = List.of("raw", "ema", "best");

    private final Comparison.Outcome o;

    public ComparisonReport(Comparison.Outcome outcome) {
        this.o = outcome;
    }

    /** mean and sample standard deviation (0 for one value) of {@code xs}. */
    public static double[] meanStd(List<Double> xs) {
        double m = xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        if (xs.size() < 2) {
            return new double[] {m, 0};
        }
        double ss = xs.stream().mapToDouble(x -> (x - m) * (x - m)).sum();
        return new double[] {m, Math.sqrt(ss / (xs.size() - 1))};
    }

    private List<Double> values(Comparison.MethodResult r, String weights, String set, String metric) {
        return r.seeds().stream().map(sc -> sc.get(weights, set, metric)).toList();
    }

    /** The Markdown report. */
    public String markdown() {
        int seeds = o.methods().isEmpty() ? 0 : o.methods().get(0).seeds().size();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "# Comparison: %s (x%d)%n%n", o.baseRoot().getString("name"), o.baseRoot().getInt("scale")));
        sb.append(String.format(Locale.ROOT, "Student `%s`, teacher `%s`; %d iterations per method; %d seed(s) (manual_seed %d..%d)%s.%n",
                o.baseRoot().getConfig("network_g").getString("type"), o.baseRoot().getConfig("network_t").getString("type"),
                o.baseRoot().getLong("train.total_iter"), seeds, o.baseRoot().getLong("manual_seed"),
                o.baseRoot().getLong("manual_seed") + seeds - 1, seeds > 1 ? "; cells are mean ± std over seeds" : ""));
        sb.append("PSNR (dB) / SSIM with the task's metrics; best method per column in bold.\n");
        for (String set : o.sets()) {
            double t = o.teacher().get("-", set, "psnr"), b = o.baseline().get("-", set, "psnr");
            if (t < b) {
                sb.append(String.format(Locale.ROOT, "%n> **Warning:** the teacher is below %s on %s: %.4f dB against %.4f dB. Distilling"
                        + " from it pulls the students towards a worse result than interpolation; train it longer"
                        + " (train_teacher.total_iter) or load better weights (path.pretrain_network_t).%n",
                        o.baselineLabel().toLowerCase(Locale.ROOT), set, t, b));
            }
        }
        for (String w : REPORTED) {
            sb.append(String.format(Locale.ROOT, "%n## %s%n%n", switch (w) {
                case "raw" -> "Raw weights (what dckd-core/docs/ANCHORS.md compares)";
                case "ema" -> "EMA weights (what BasicSR validates; short runs still carry the EMA's random start)";
                default -> "Exported weights (methods/<id>/seed<k>/export/student.safetensors, with their metadata:"
                        + " export.weights, by default the better of raw and EMA at validation)";
            }));
            sb.append("| Method |");
            o.sets().forEach(set -> sb.append(' ').append(set).append(" |"));
            sb.append("\n| --- |");
            o.sets().forEach(set -> sb.append(" --- |"));
            sb.append('\n');
            fixedRow(sb, o.baselineLabel(), o.baseline());
            fixedRow(sb, o.teacherLabel(), o.teacher());
            Map<String, double[]> best = new LinkedHashMap<>();
            for (String set : o.sets()) {
                double bp = Double.NEGATIVE_INFINITY, bs = Double.NEGATIVE_INFINITY;
                for (Comparison.MethodResult r : o.methods()) {
                    bp = Math.max(bp, meanStd(values(r, w, set, "psnr"))[0]);
                    bs = Math.max(bs, meanStd(values(r, w, set, "ssim"))[0]);
                }
                best.put(set, new double[] {bp, bs});
            }
            for (Comparison.MethodResult r : o.methods()) {
                sb.append("| ").append(r.method().label()).append(" |");
                for (String set : o.sets()) {
                    double[] p = meanStd(values(r, w, set, "psnr"));
                    double[] s = meanStd(values(r, w, set, "ssim"));
                    String ps = seeds > 1 ? String.format(Locale.ROOT, "%.4f ± %.4f", p[0], p[1]) : String.format(Locale.ROOT, "%.4f", p[0]);
                    String ss = seeds > 1 ? String.format(Locale.ROOT, "%.4f ± %.4f", s[0], s[1]) : String.format(Locale.ROOT, "%.4f", s[0]);
                    boolean several = o.methods().size() > 1;
                    sb.append(' ').append(several && p[0] == best.get(set)[0] ? "**" + ps + "**" : ps).append('/')
                            .append(several && s[0] == best.get(set)[1] ? "**" + ss + "**" : ss).append(" |");
                }
                sb.append('\n');
            }
        }
        paired(sb);
        if (seeds > 1) {
            sb.append("\n## Per seed (raw PSNR)\n\n| Method | set |");
            for (int k = 0; k < seeds; k++) {
                sb.append(" seed ").append(o.baseRoot().getLong("manual_seed") + k).append(" |");
            }
            sb.append("\n| --- | --- |").append(" --- |".repeat(seeds)).append('\n');
            for (Comparison.MethodResult r : o.methods()) {
                for (String set : o.sets()) {
                    sb.append("| ").append(r.method().label()).append(" | ").append(set).append(" |");
                    for (double v : values(r, "raw", set, "psnr")) {
                        sb.append(String.format(Locale.ROOT, " %.4f |", v));
                    }
                    sb.append('\n');
                }
            }
        }
        return sb.toString();
    }

    /** The paired differences to Scratch, when Scratch is one of the methods. */
    private void paired(StringBuilder sb) {
        Comparison.MethodResult ref = PairedDifference.reference(o.methods());
        if (ref == null || o.methods().size() < 2) {
            return;
        }
        sb.append(String.format(Locale.ROOT, "%n## Paired difference to %s (PSNR dB, same seed)%n%n", ref.method().label()));
        sb.append("Each seed's run minus the Scratch run of the same seed (same initialisation, data order and schedule);"
                + " wins: seeds on which the method is above Scratch.\n\n");
        sb.append("| Method | set | weights | mean ± std | wins | per seed |\n| --- | --- | --- | --- | --- | --- |\n");
        for (Comparison.MethodResult r : o.methods()) {
            if (r == ref) {
                continue;
            }
            for (String set : o.sets()) {
                for (String w : REPORTED) {
                    PairedDifference d = PairedDifference.of(r, ref, w, set, "psnr");
                    sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %+.4f ± %.4f | %d/%d | %s |%n", r.method().label(), set, w,
                            d.mean(), d.std(), d.wins(), d.perSeed().size(),
                            String.join(", ", d.perSeed().stream().map(v -> String.format(Locale.ROOT, "%+.4f", v)).toList())));
                }
            }
        }
    }

    /** A row of a model measured once (the baseline, the teacher): PSNR/SSIM per set. */
    private void fixedRow(StringBuilder sb, String label, Scores scores) {
        sb.append("| ").append(label).append(" |");
        for (String set : o.sets()) {
            sb.append(String.format(Locale.ROOT, " %.4f/%.4f |", scores.get("-", set, "psnr"), scores.get("-", set, "ssim")));
        }
        sb.append('\n');
    }

    /** CSV: one row per method (and the baseline and the teacher), weights and set; per-seed PSNR values joined by ';'. */
    public String csv() {
        StringBuilder sb = new StringBuilder("method,label,weights,set,seeds,psnr_mean,psnr_std,ssim_mean,ssim_std,psnr_per_seed,ssim_per_seed\n");
        for (String set : o.sets()) {
            sb.append(String.format(Locale.ROOT, "baseline,\"%s\",-,%s,1,%.6f,0,%.6f,0,,%n", o.baselineLabel(), set,
                    o.baseline().get("-", set, "psnr"), o.baseline().get("-", set, "ssim")));
            sb.append(String.format(Locale.ROOT, "teacher,\"%s\",ema,%s,1,%.6f,0,%.6f,0,,%n", o.teacherLabel(), set,
                    o.teacher().get("-", set, "psnr"), o.teacher().get("-", set, "ssim")));
        }
        for (Comparison.MethodResult r : o.methods()) {
            for (String w : REPORTED) {
                for (String set : o.sets()) {
                    List<Double> p = values(r, w, set, "psnr");
                    List<Double> s = values(r, w, set, "ssim");
                    double[] pm = meanStd(p);
                    double[] sm = meanStd(s);
                    sb.append(String.format(Locale.ROOT, "%s,\"%s\",%s,%s,%d,%.6f,%.6f,%.6f,%.6f,%s,%s%n", r.method().id(),
                            r.method().label().replace("\"", "\"\""), w, set, p.size(), pm[0], pm[1], sm[0], sm[1], join(p), join(s)));
                }
            }
        }
        return sb.toString();
    }

    private static String join(List<Double> xs) {
        List<String> out = new ArrayList<>();
        xs.forEach(x -> out.add(String.format(Locale.ROOT, "%.6f", x)));
        return String.join(";", out);
    }

    /**
     * JSON: {"name", "total_iter", "teacher":{"label", "sets":{set:{metric}}}, "baseline":{"label", "sets":{set:{metric}}},
     * "methods":[{"id", "label", "seeds", "raw":{set:{metric:{"mean", "std", "per_seed"}}}, "ema":..., "best":...,
     * "raw_minus_scratch_psnr":{set:{"mean", "std", "wins", "seeds", "per_seed"}}, ...}]} (the paired differences when
     * Scratch is one of the methods).
     */
    public String json() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", o.baseRoot().getString("name"));
        doc.put("total_iter", o.baseRoot().getLong("train.total_iter"));
        doc.put("teacher", fixedJson(o.teacherLabel(), o.teacher()));
        doc.put("baseline", fixedJson(o.baselineLabel(), o.baseline()));
        List<Map<String, Object>> methods = new ArrayList<>();
        for (Comparison.MethodResult r : o.methods()) {
            Map<String, Object> method = new LinkedHashMap<>();
            method.put("id", r.method().id());
            method.put("label", r.method().label());
            method.put("seeds", r.seeds().size());
            Comparison.MethodResult ref = PairedDifference.reference(o.methods());
            for (String w : REPORTED) {
                Map<String, Object> sets = new LinkedHashMap<>();
                Map<String, Object> paired = new LinkedHashMap<>();
                for (String set : o.sets()) {
                    if (ref != null && r != ref) {
                        paired.put(set, PairedDifference.of(r, ref, w, set, "psnr").json());
                    }
                    Map<String, Object> metrics = new LinkedHashMap<>();
                    for (String metric : r.seeds().get(0).values().getOrDefault(w, Map.of()).getOrDefault(set, Map.of()).keySet()) {
                        List<Double> v = values(r, w, set, metric);
                        double[] ms = meanStd(v);
                        Map<String, Object> summary = new LinkedHashMap<>();
                        summary.put("mean", ms[0]);
                        summary.put("std", ms[1]);
                        summary.put("per_seed", v);
                        metrics.put(metric, summary);
                    }
                    sets.put(set, metrics);
                }
                method.put(w, sets);
                if (!paired.isEmpty()) {
                    method.put(w + "_minus_scratch_psnr", paired);
                }
            }
            methods.add(method);
        }
        doc.put("methods", methods);
        return Json.line(doc);
    }

    /** {"label", "sets":{set:{metric}}} of a model measured once. */
    private Map<String, Object> fixedJson(String label, Scores scores) {
        Map<String, Object> sets = new LinkedHashMap<>();
        for (String set : o.sets()) {
            sets.put(set, scores.values().get("-").get(set));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("label", label);
        out.put("sets", sets);
        return out;
    }

    /** Writes compare.md, compare.csv and compare.json into the comparison folder; returns the files. */
    public List<Path> write() throws IOException {
        Path md = o.dir().resolve("compare.md");
        Path csv = o.dir().resolve("compare.csv");
        Path json = o.dir().resolve("compare.json");
        Files.writeString(md, markdown());
        Files.writeString(csv, csv());
        Files.writeString(json, json());
        return List.of(md, csv, json);
    }
}
