package io.dckd.launcher.compare;

import io.dckd.core.train.CurvePlot;
import io.dckd.core.train.MetricsLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Validation PSNR vs iteration per method, read from each run's {@code distill/metrics.jsonl}: one
 * chart per validation set, a solid line per method for the raw weights and a dashed one for the EMA,
 * each the mean over the method's seeds at every validated iteration, with the baseline (bicubic for
 * SR) and the teacher as dashed reference lines. Written as PNG (XChart, as
 * {@link CurvePlot}).
 */
public final class ComparisonPlot {

    private ComparisonPlot() {}

    /** Writes {@code out}; returns false when no run logged a validation. */
    public static boolean write(Comparison.Outcome o, Path out) throws IOException {
        List<XYChart> charts = charts(o);
        if (charts.isEmpty()) {
            return false;
        }
        Files.createDirectories(out.getParent());
        BitmapEncoder.saveBitmap(charts, charts.size(), 1, out.toString().replaceFirst("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
        return true;
    }

    /** One chart per validation set that some run validated. */
    static List<XYChart> charts(Comparison.Outcome o) throws IOException {
        List<XYChart> charts = new ArrayList<>();
        for (String set : o.sets()) {
            XYChart chart = new XYChartBuilder().width(800).height(450).title("Validation PSNR, " + set)
                    .xAxisTitle("iteration").yAxisTitle("PSNR (dB)").build();
            boolean any = false;
            double firstIter = Double.POSITIVE_INFINITY, lastIter = Double.NEGATIVE_INFINITY;
            for (Comparison.MethodResult r : o.methods()) {
                for (String w : ComparisonReport.WEIGHTS) {
                    TreeMap<Double, List<Double>> byIter = new TreeMap<>();
                    for (Path run : r.runs()) {
                        Path metrics = run.resolve("distill/metrics.jsonl");
                        if (!Files.exists(metrics)) {
                            continue;
                        }
                        for (Map<String, Object> rec : MetricsLog.read(metrics)) {
                            if ("val".equals(rec.get("kind")) && set.equals(rec.get("set")) && w.equals(rec.getOrDefault("weights", "ema"))
                                    && rec.get("psnr") instanceof Number p && rec.get("iter") instanceof Number it) {
                                byIter.computeIfAbsent(it.doubleValue(), k -> new ArrayList<>()).add(p.doubleValue());
                            }
                        }
                    }
                    if (byIter.isEmpty()) {
                        continue;
                    }
                    firstIter = Math.min(firstIter, byIter.firstKey());
                    lastIter = Math.max(lastIter, byIter.lastKey());
                    Map<Double, Double> mean = new LinkedHashMap<>();
                    byIter.forEach((it, ps) -> mean.put(it, ComparisonReport.meanStd(ps)[0]));
                    XYSeries s = chart.addSeries(r.method().label() + " " + w, new ArrayList<>(mean.keySet()), new ArrayList<>(mean.values()));
                    s.setMarker(SeriesMarkers.CIRCLE);
                    if (w.equals("ema")) {
                        s.setLineStyle(SeriesLines.DASH_DASH);
                    }
                    any = true;
                }
            }
            if (any) {
                double x1 = Math.max(lastIter, firstIter + 1);
                CurvePlot.reference(chart, o.baselineLabel().toLowerCase(Locale.ROOT), o.baseline().get("-", set, "psnr"),
                        firstIter, x1, CurvePlot.BASELINE);
                CurvePlot.reference(chart, "teacher", o.teacher().get("-", set, "psnr"), firstIter, x1, CurvePlot.TEACHER);
                charts.add(chart);
            }
        }
        return charts;
    }
}
