package io.dckd.launcher.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

/** compare.md, .csv and .json carry the baseline's row; a teacher below it is called out. */
class ComparisonReportTest {

    @TempDir
    Path dir;

    static Scores scores(String weights, double psnr) {
        return Scores.fromFlat(Map.of(weights + "|val|psnr", psnr, weights + "|val|ssim", 0.7));
    }

    Comparison.Outcome outcome(double teacherPsnr) {
        Scores method = scores("raw", 25.5);
        method.values().putAll(scores("ema", 25.4).values());
        method.values().putAll(scores("best", 25.5).values());
        var m = new Comparison.MethodResult(new MethodFiles.Method("scratch", "Scratch", Path.of("scratch.conf"), ConfigFactory.empty()),
                List.of(method), List.of(dir.resolve("methods/scratch/seed0")));
        var root = ConfigFactory.parseString("name = tiny, scale = 4, manual_seed = 0, network_g.type = rcan-s, network_t.type = rcan-t,"
                + " train.total_iter = 100");
        return new Comparison.Outcome(dir, "Teacher (rcan-t)", scores("-", teacherPsnr), List.of(m), List.of("val"), root,
                "Bicubic", scores("-", 25.07));
    }

    @Test
    void bicubicRowInEveryTableAndFile() {
        ComparisonReport r = new ComparisonReport(outcome(25.76));
        String md = r.markdown();
        assertEquals(3, md.lines().filter(l -> l.equals("| Bicubic | 25.0700/0.7000 |")).count(), "raw, EMA and exported tables\n" + md);
        assertEquals(2, md.lines().filter(l -> l.equals("| Scratch | 25.5000/0.7000 |")).count(), "raw and exported\n" + md);
        assertTrue(md.indexOf("| Bicubic |") < md.indexOf("| Teacher (rcan-t) |"), md);
        assertFalse(md.contains("Warning"), md);
        assertTrue(r.csv().contains("\nbaseline,\"Bicubic\",-,val,1,25.070000,0,0.700000,0,,\n"), r.csv());
        assertTrue(r.json().contains("\"baseline\":{\"label\":\"Bicubic\",\"sets\":{\"val\":{"), r.json());
    }

    @Test
    void aTeacherBelowBicubicIsCalledOutAboveTheTables() {
        String md = new ComparisonReport(outcome(24.9)).markdown();
        int warning = md.indexOf("> **Warning:** the teacher is below bicubic on val: 24.9000 dB against 25.0700 dB.");
        assertTrue(warning > 0, md);
        assertTrue(warning < md.indexOf("## Raw weights"), "before the tables\n" + md);
    }

    @Test
    void psnrPlotHasBicubicAndTeacherLines() throws Exception {
        Path metrics = dir.resolve("methods/scratch/seed0/distill/metrics.jsonl");
        java.nio.file.Files.createDirectories(metrics.getParent());
        java.nio.file.Files.writeString(metrics, "{\"kind\":\"val\",\"iter\":50,\"set\":\"val\",\"weights\":\"raw\",\"psnr\":25.3}\n"
                + "{\"kind\":\"val\",\"iter\":100,\"set\":\"val\",\"weights\":\"raw\",\"psnr\":25.5}\n");
        XYChart chart = ComparisonPlot.charts(outcome(25.76)).get(0);
        assertEquals(List.of("Scratch raw", "bicubic 25.07 dB", "teacher 25.76 dB"), List.copyOf(chart.getSeriesMap().keySet()));
        assertEquals(50.0, chart.getSeriesMap().get("teacher 25.76 dB").getXMin());
        assertEquals(100.0, chart.getSeriesMap().get("teacher 25.76 dB").getXMax());
    }
}
