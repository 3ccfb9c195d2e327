package io.dckd.core.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

/**
 * Draws the curves of a run from its {@code metrics.jsonl}: every loss term over iterations and
 * validation PSNR per set (model and baseline), as one PNG.
 */
public final class CurvePlot {

    private CurvePlot() {}

    /** Writes {@code out} (PNG) from {@code metricsFile}. */
    public static void write(Path metricsFile, Path out) throws IOException {
        List<Map<String, Object>> records = MetricsLog.read(metricsFile);
        Map<String, List<double[]>> losses = new TreeMap<>();
        Map<String, List<double[]>> psnr = new TreeMap<>();
        for (Map<String, Object> r : records) {
            double it = ((Number) r.getOrDefault("iter", 0.0)).doubleValue();
            if ("train".equals(r.get("kind"))) {
                for (Map.Entry<String, Object> e : r.entrySet()) {
                    if (e.getKey().startsWith("l_") && e.getValue() instanceof Number n) {
                        losses.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(new double[] {it, n.doubleValue()});
                    }
                }
            } else if ("val".equals(r.get("kind")) && r.get("psnr") instanceof Number n) {
                String key = r.get("set") + " " + r.getOrDefault("weights", "ema");
                psnr.computeIfAbsent(key, k -> new ArrayList<>()).add(new double[] {it, n.doubleValue()});
            }
        }
        XYChart lossChart = new XYChartBuilder().width(800).height(450).title("Loss terms").xAxisTitle("iteration").yAxisTitle("value").build();
        lossChart.getStyler().setYAxisLogarithmic(true);
        lossChart.getStyler().setMarkerSize(0);
        boolean anyLoss = false;
        for (Map.Entry<String, List<double[]>> e : losses.entrySet()) {
            if (add(lossChart, e.getKey(), e.getValue(), true)) {
                anyLoss = true;
            }
        }
        XYChart psnrChart = new XYChartBuilder().width(800).height(450).title("Validation PSNR").xAxisTitle("iteration").yAxisTitle("dB").build();
        boolean anyPsnr = false;
        for (Map.Entry<String, List<double[]>> e : psnr.entrySet()) {
            if (add(psnrChart, e.getKey(), e.getValue(), false)) {
                anyPsnr = true;
            }
        }
        List<XYChart> charts = new ArrayList<>();
        if (anyLoss) {
            charts.add(lossChart);
        }
        if (anyPsnr) {
            charts.add(psnrChart);
        }
        if (charts.isEmpty()) {
            return;
        }
        String base = out.toString().replaceFirst("\\.png$", "");
        BitmapEncoder.saveBitmap(charts, charts.size(), 1, base, BitmapEncoder.BitmapFormat.PNG);
    }

    private static boolean add(XYChart chart, String name, List<double[]> points, boolean positiveOnly) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (double[] p : points) {
            if (!positiveOnly || p[1] > 0) {
                xs.add(p[0]);
                ys.add(p[1]);
            }
        }
        if (xs.isEmpty()) {
            return false;
        }
        XYSeries s = chart.addSeries(name, xs, ys);
        s.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
        return true;
    }
}
