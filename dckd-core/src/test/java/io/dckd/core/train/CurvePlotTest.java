package io.dckd.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;

/** The curves PNG: one panel per loss term, readable axes, reference lines in the PSNR panel. */
class CurvePlotTest {

    @TempDir
    Path dir;

    /** l_pix within one decade, l_cl across three, total; validation of EMA and raw with a baseline. */
    static List<Map<String, Object>> records() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int it = 10; it <= 200; it += 10) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("kind", "train");
            r.put("iter", it);
            r.put("l_pix", 0.08 - it * 1e-4);
            r.put("l_cl", 0.5 / it);
            r.put("l_total", 0.08 - it * 1e-4 + 0.5 / it);
            out.add(r);
        }
        for (int it = 100; it <= 200; it += 100) {
            for (String w : List.of("ema", "raw")) {
                out.add(Map.of("kind", "val", "iter", it, "set", "val", "weights", w, "psnr", 24.0 + it / 100.0, "baseline_psnr", 25.0));
            }
        }
        return out;
    }

    static XYChart titled(List<XYChart> charts, String title) {
        return charts.stream().filter(c -> c.getTitle().equals(title)).findFirst().orElseThrow(() -> new AssertionError("no panel " + title));
    }

    @Test
    void onePanelPerTermAndLogAxesOnlyAcrossADecade() {
        List<XYChart> charts = CurvePlot.charts(records(), List.of());
        assertEquals(List.of("l_total (sum of the weighted terms)", "Validation PSNR, val", "l_cl", "l_pix"),
                charts.stream().map(XYChart::getTitle).toList());
        XYChart pix = titled(charts, "l_pix");
        XYChart cl = titled(charts, "l_cl");
        assertEquals(1, pix.getSeriesMap().size(), "a term alone in its panel");
        assertFalse(pix.getStyler().isYAxisLogarithmic(), "0.06..0.08 on a log axis would have no tick label");
        assertTrue(cl.getStyler().isYAxisLogarithmic(), "0.0025..0.05 spans a decade");
        assertFalse(cl.getStyler().isYAxisLogarithmicDecadeOnly());
        charts.forEach(c -> assertTrue(c.getStyler().isYAxisTicksVisible() && c.getStyler().isXAxisTicksVisible(), c.getTitle()));
    }

    @Test
    void psnrPanelHasBaselineAndTeacherLines() {
        List<Map<String, Object>> refs = List.of(Map.of("name", "teacher", "set", "val", "psnr", 26.5));
        XYChart psnr = titled(CurvePlot.charts(records(), refs), "Validation PSNR, val");
        assertEquals(List.of("ema", "raw", "baseline 25.00 dB", "teacher 26.50 dB"), new ArrayList<>(psnr.getSeriesMap().keySet()));
        var base = psnr.getSeriesMap().get("baseline 25.00 dB");
        assertEquals(100.0, base.getXMin());
        assertEquals(200.0, base.getXMax(), "across the validated iterations");
        assertEquals(25.0, base.getYMin());
        assertEquals(25.0, base.getYMax());
    }

    /** Dark pixels left of the plot, where the y tick labels go. */
    static int inkLeftOfPlot(XYChart chart) {
        BufferedImage img = BitmapEncoder.getBufferedImage(chart);
        int ink = 0;
        for (int y = 40; y < img.getHeight() - 60; y++) {
            for (int x = 25; x < 90; x++) {
                int rgb = img.getRGB(x, y);
                if (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff) < 300) {
                    ink++;
                }
            }
        }
        return ink;
    }

    @Test
    void aWithinDecadeTermRendersTickLabels() {
        XYChart pix = titled(CurvePlot.charts(records(), List.of()), "l_pix");
        int withLabels = inkLeftOfPlot(pix);
        pix.getStyler().setYAxisTicksVisible(false);
        int without = inkLeftOfPlot(pix);
        assertTrue(withLabels > without + 100, "tick labels drawn: " + withLabels + " dark pixels vs " + without + " without them");
    }

    @Test
    void aTermThatBarelyMovesStillGetsDistinctTickLabels() {
        assertEquals("#,##0.####", CurvePlot.decimalPattern(0.04, 0.13));
        String pattern = CurvePlot.decimalPattern(0.0055424096, 0.005542484);
        java.text.DecimalFormat f = new java.text.DecimalFormat(pattern, java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT));
        assertNotEquals(f.format(0.00554241), f.format(0.00554245), pattern);
        List<Map<String, Object>> flat = new java.util.ArrayList<>();
        for (int it = 50; it <= 500; it += 50) {
            flat.add(Map.of("kind", "train", "iter", it, "l_ce", 0.0055424 + (it % 100 == 0 ? 6e-8 : 0)));
        }
        XYChart ce = titled(CurvePlot.charts(flat, List.of()), "l_ce");
        int withLabels = inkLeftOfPlot(ce);
        ce.getStyler().setYAxisTicksVisible(false);
        assertTrue(withLabels > inkLeftOfPlot(ce) + 100, "tick labels drawn on a nearly flat term");
    }

    @Test
    void writesTwoPanelsPerRowAndReadsTheReferencesFile() throws Exception {
        Path metrics = dir.resolve("metrics.jsonl");
        StringBuilder sb = new StringBuilder();
        records().forEach(r -> sb.append(MetricsLog.toJson(r)).append('\n'));
        Files.writeString(metrics, sb.toString());
        Files.writeString(dir.resolve(ReferenceScores.FILE), "{\"name\":\"teacher\",\"set\":\"val\",\"psnr\":26.5}\n");
        Path png = dir.resolve("plots/curves.png");
        CurvePlot.write(metrics, png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(2 * 600, img.getWidth());
        assertEquals(2 * 320, img.getHeight(), "4 panels in 2 rows");

        // an odd number of panels leaves the last row short (XChart's grid writer threw on that)
        sb.setLength(0);
        records().forEach(r -> {
            Map<String, Object> more = new LinkedHashMap<>(r);
            if ("train".equals(r.get("kind"))) {
                more.put("l_lcr", 0.01);
            }
            sb.append(MetricsLog.toJson(more)).append('\n');
        });
        Files.writeString(metrics, sb.toString());
        CurvePlot.write(metrics, png);
        img = ImageIO.read(png.toFile());
        assertEquals(3 * 320, img.getHeight(), "5 panels in 3 rows");
        assertEquals(0xffffff, img.getRGB(600 + 300, 2 * 320 + 160) & 0xffffff, "the empty cell is white");
    }
}
