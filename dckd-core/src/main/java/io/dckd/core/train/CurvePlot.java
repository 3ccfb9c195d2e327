package io.dckd.core.train;

import io.dckd.core.image.Png;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
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
 * Draws the curves of a run from its {@code metrics.jsonl} as one PNG of panels, two per row: the
 * total loss, validation PSNR per set (EMA and raw weights, with the baseline and, where the stage
 * wrote {@link ReferenceScores}, the teacher as dashed reference lines), then one panel per loss term
 * (terms of different size hid each other on a shared axis). A term's axis is logarithmic only when
 * its values span a decade or more (then some power of ten lies inside and is labelled); within a
 * decade a log axis would carry no tick label at all, so it stays linear.
 */
public final class CurvePlot {

    /** Panels per row of the PNG. */
    public static final int COLUMNS = 2;

    /** Colours of the reference lines. */
    public static final Color BASELINE = Color.GRAY, TEACHER = new Color(200, 40, 40);

    private CurvePlot() {}

    /** Writes {@code out} (PNG) from {@code metricsFile} and its {@link ReferenceScores#FILE}, if any. */
    public static void write(Path metricsFile, Path out) throws IOException {
        Path refs = metricsFile.resolveSibling(ReferenceScores.FILE);
        List<XYChart> charts = charts(MetricsLog.read(metricsFile), Files.exists(refs) ? ReferenceScores.read(refs) : List.of());
        if (charts.isEmpty()) {
            return;
        }
        writeGrid(charts, out);
    }

    /**
     * Draws {@code charts} {@value #COLUMNS} to a row (the last row may be short: XChart's own grid
     * writer fails on a partial row) and writes the PNG atomically.
     */
    static void writeGrid(List<XYChart> charts, Path out) throws IOException {
        int cols = Math.min(COLUMNS, charts.size());
        int rows = (charts.size() + cols - 1) / cols;
        int w = charts.get(0).getWidth(), h = charts.get(0).getHeight();
        BufferedImage grid = new BufferedImage(cols * w, rows * h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
            for (int i = 0; i < charts.size(); i++) {
                g.drawImage(BitmapEncoder.getBufferedImage(charts.get(i)), (i % cols) * w, (i / cols) * h, null);
            }
        } finally {
            g.dispose();
        }
        Png.write(grid, out);
    }

    /**
     * The panels of {@code records} (metrics.jsonl) with reference lines from {@code references}
     * ({@link ReferenceScores} records: name, set, psnr).
     */
    public static List<XYChart> charts(List<Map<String, Object>> records, List<Map<String, Object>> references) {
        Map<String, List<double[]>> losses = new TreeMap<>();
        Map<String, Map<String, List<double[]>>> psnr = new LinkedHashMap<>();
        Map<String, Double> baseline = new LinkedHashMap<>();
        double firstIter = Double.NaN, lastIter = Double.NaN;
        for (Map<String, Object> r : records) {
            double it = ((Number) r.getOrDefault("iter", 0.0)).doubleValue();
            if ("train".equals(r.get("kind"))) {
                for (Map.Entry<String, Object> e : r.entrySet()) {
                    if (e.getKey().startsWith("l_") && e.getValue() instanceof Number n) {
                        losses.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(new double[] {it, n.doubleValue()});
                    }
                }
            } else if ("val".equals(r.get("kind")) && r.get("psnr") instanceof Number n) {
                String set = String.valueOf(r.get("set"));
                String weights = String.valueOf(r.getOrDefault("weights", "ema"));
                psnr.computeIfAbsent(set, k -> new TreeMap<>()).computeIfAbsent(weights, k -> new ArrayList<>())
                        .add(new double[] {it, n.doubleValue()});
                if (r.get("baseline_psnr") instanceof Number b) {
                    baseline.put(set, b.doubleValue());
                }
                firstIter = Double.isNaN(firstIter) ? it : Math.min(firstIter, it);
                lastIter = Double.isNaN(lastIter) ? it : Math.max(lastIter, it);
            }
        }
        List<XYChart> charts = new ArrayList<>();
        List<double[]> total = losses.remove("l_total");
        if (total != null && losses.size() != 1) {
            addIfAny(charts, lossPanel("l_total (sum of the weighted terms)", total));
        }
        for (Map.Entry<String, Map<String, List<double[]>>> set : psnr.entrySet()) {
            XYChart chart = panel("Validation PSNR, " + set.getKey(), "PSNR (dB)");
            set.getValue().forEach((weights, points) -> line(chart, weights, points));
            double x0 = firstIter, x1 = Math.max(lastIter, firstIter + 1);
            if (baseline.containsKey(set.getKey())) {
                reference(chart, "baseline", baseline.get(set.getKey()), x0, x1, BASELINE);
            }
            for (Map<String, Object> ref : references) {
                if (set.getKey().equals(ref.get("set")) && ref.get("psnr") instanceof Number p) {
                    reference(chart, String.valueOf(ref.get("name")), p.doubleValue(), x0, x1, TEACHER);
                }
            }
            charts.add(chart);
        }
        losses.forEach((name, points) -> addIfAny(charts, lossPanel(name, points)));
        return charts;
    }

    /** One loss term; log axis only across a decade or more (see the class comment). */
    private static XYChart lossPanel(String title, List<double[]> points) {
        XYChart chart = panel(title, "value");
        double min = points.stream().mapToDouble(p -> p[1]).min().orElse(0);
        double max = points.stream().mapToDouble(p -> p[1]).max().orElse(0);
        if (min > 0 && max / min >= 10) {
            chart.getStyler().setYAxisLogarithmic(true);
            chart.getStyler().setYAxisLogarithmicDecadeOnly(false);
        }
        chart.getStyler().setYAxisDecimalPattern(decimalPattern(min, max));
        line(chart, title.split(" ")[0], points);
        chart.getStyler().setLegendVisible(false);
        return chart;
    }

    /**
     * Enough decimals that the ticks of [min, max] read differently: a term that barely moves (the
     * official CE over a near-uniform codebook stays at 5.5424e-3 ± 1e-7) had every tick rounded to
     * the same 4-decimal label, and the axis showed none.
     */
    static String decimalPattern(double min, double max) {
        double span = max - min;
        int decimals = span > 0 && Double.isFinite(span) ? (int) Math.ceil(-Math.log10(span)) + 2 : 4;
        return "#,##0." + "#".repeat(Math.max(4, Math.min(12, decimals)));
    }

    private static XYChart panel(String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(600).height(320).title(title).xAxisTitle("iteration").yAxisTitle(yTitle).build();
        chart.getStyler().setMarkerSize(5);
        chart.getStyler().setXAxisTicksVisible(true);
        chart.getStyler().setYAxisTicksVisible(true);
        chart.getStyler().setYAxisDecimalPattern("#,##0.####");
        chart.getStyler().setPlotGridLinesVisible(true);
        return chart;
    }

    private static void addIfAny(List<XYChart> charts, XYChart chart) {
        if (!chart.getSeriesMap().isEmpty()) {
            charts.add(chart);
        }
    }

    private static void line(XYChart chart, String name, List<double[]> points) {
        if (points.isEmpty()) {
            return;
        }
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (double[] p : points) {
            xs.add(p[0]);
            ys.add(p[1]);
        }
        XYSeries s = chart.addSeries(name, xs, ys);
        // sparse curves (validation every val_freq steps) show their points; dense loss curves do not
        s.setMarker(points.size() <= 50 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
    }

    /** A dashed horizontal line at {@code y} from {@code x0} to {@code x1}, named in the legend with its value. */
    public static void reference(XYChart chart, String name, double y, double x0, double x1, Color colour) {
        XYSeries s = chart.addSeries(String.format(Locale.ROOT, "%s %.2f dB", name, y), new double[] {x0, x1}, new double[] {y, y});
        s.setLineStyle(SeriesLines.DASH_DASH);
        s.setLineColor(colour);
        s.setMarker(SeriesMarkers.NONE);
    }
}
