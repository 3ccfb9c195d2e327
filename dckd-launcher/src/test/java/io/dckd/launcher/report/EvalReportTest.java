package io.dckd.launcher.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dckd.core.image.RgbImage;
import io.dckd.core.train.Validator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report renderings and the crop geometry, without a network. */
class EvalReportTest {

    static Validator.SetResult set(String name, double... psnrs) {
        List<Validator.ImageResult> images = new java.util.ArrayList<>();
        double sum = 0;
        for (int i = 0; i < psnrs.length; i++) {
            Map<String, Double> v = new LinkedHashMap<>();
            v.put("ssim", 0.5);
            v.put("psnr", psnrs[i]);
            images.add(new Validator.ImageResult("img" + i, v, 2.0));
            sum += psnrs[i];
        }
        Map<String, Double> mean = new LinkedHashMap<>();
        mean.put("ssim", 0.5);
        mean.put("psnr", sum / psnrs.length);
        return new Validator.SetResult(name, images, mean, 2.0);
    }

    @Test
    void markdownHasOneRowPerSetWithTheGainAndCsvQuotesNames() {
        Map<String, Validator.SetResult> model = new LinkedHashMap<>(), base = new LinkedHashMap<>();
        model.put("Set5", set("Set5", 30, 32));
        base.put("Set5", set("Set5", 28, 29));
        model.put("a,b", set("a,b", 25));
        base.put("a,b", set("a,b", 26));
        EvalReport r = new EvalReport(model, base);
        String md = r.markdown(false);
        assertTrue(md.contains("| set | images | psnr | baseline psnr | gain | ssim | baseline ssim | gain | ms / image |"), md);
        assertTrue(md.contains("| Set5 | 2 | 31.0000 | 28.5000 | +2.5000 | 0.5000 | 0.5000 | +0.0000 | 2.0 |"), md);
        assertTrue(md.contains("| a,b | 1 | 25.0000 | 26.0000 | -1.0000 |"), md);
        List<String> csv = r.csv(true).lines().toList();
        assertEquals(List.of("set,image,psnr,ssim,baseline_psnr,baseline_ssim,ms",
                "Set5,img0,30.000000,0.500000,28.000000,0.500000,2.00",
                "Set5,img1,32.000000,0.500000,29.000000,0.500000,2.00",
                "Set5,mean,31.000000,0.500000,28.500000,0.500000,2.00",
                "\"a,b\",img0,25.000000,0.500000,26.000000,0.500000,2.00",
                "\"a,b\",mean,25.000000,0.500000,26.000000,0.500000,2.00"), csv);
        assertTrue(r.json(false).startsWith("{\"sets\":[{\"name\":\"Set5\",\"images_count\":2,\"mean\":{"), r.json(false));
    }

    @Test
    void centreWindowIsAlignedToTheScale() {
        assertArrayEquals(new int[] {72, 32, 96}, SideBySide.centreWindow(240, 160, 96, 1));
        assertArrayEquals(new int[] {72, 32, 96}, SideBySide.centreWindow(240, 160, 96, 4));
        assertArrayEquals(new int[] {4, 0, 32}, SideBySide.centreWindow(42, 33, 96, 4), "side 33 -> 32, x0 (42-32)/2 = 5 -> 4");
    }

    @Test
    void nearestRepeatsPixelsAndRowLeavesWhiteGaps() {
        RgbImage img = new RgbImage(2, 1, new float[] {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f});
        RgbImage up = SideBySide.nearest(img, 2);
        assertEquals(4, up.width());
        assertEquals(2, up.height());
        assertEquals(0.1f, up.get(0, 1, 1));
        assertEquals(0.2f, up.get(0, 0, 2));
        assertEquals(0.6f, up.get(2, 1, 3));
        RgbImage row = SideBySide.row(List.of(img, img), 3);
        assertEquals(7, row.width());
        assertEquals(1f, row.get(1, 0, 2));
        assertEquals(0.3f, row.get(1, 0, 5));
    }

    /** Darkest value of any channel in the region (1 = white). */
    private static float darkest(RgbImage img, int x0, int y0, int w, int h) {
        float min = 1f;
        for (int c = 0; c < 3; c++) {
            for (int y = y0; y < y0 + h; y++) {
                for (int x = x0; x < x0 + w; x++) {
                    min = Math.min(min, img.get(c, y, x));
                }
            }
        }
        return min;
    }

    @Test
    void labelledRowWritesEachLabelAbovePanelAndKeepsLongOnesInTheirColumn() {
        float[] gray = new float[3 * 60 * 20];
        java.util.Arrays.fill(gray, 0.5f);
        RgbImage panel = new RgbImage(60, 20, gray);
        int band = SideBySide.LABEL_BAND;

        RgbImage sheet = SideBySide.labelledRow(List.of(panel, panel), List.of("bicubic", "GT"), 4);
        assertEquals(124, sheet.width());
        assertEquals(band + 20, sheet.height());
        assertTrue(darkest(sheet, 0, 0, 60, band) < 0.3f, "text drawn above the first panel");
        assertTrue(darkest(sheet, 64, 0, 60, band) < 0.3f, "text drawn above the second panel");
        assertEquals(1f, darkest(sheet, 60, 0, 4, band), "nothing over the gap");
        assertEquals(0.5f, sheet.get(1, band + 10, 30), 1f / 255, "panels below the band unchanged");

        RgbImage blank = SideBySide.labelledRow(List.of(panel, panel), List.of("", ""), 4);
        assertEquals(1f, darkest(blank, 0, 0, 124, band), "no label, no ink: the dark pixels are the text");

        RgbImage cut = SideBySide.labelledRow(List.of(panel, panel), List.of("a label far too long for a sixty pixel panel", ""), 4);
        assertTrue(darkest(cut, 0, 0, 60, band) < 0.3f);
        assertEquals(1f, darkest(cut, 60, 0, 64, band), "a long label is shrunk and cut within its own panel");
    }

    @Test
    void weightsIterationFromACheckpointFolderAndUnknownElsewhere(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        assertTrue(WeightsIteration.describe(dir.resolve("checkpoints/iter_00000600/net_g_ema.safetensors")).startsWith("600 (checkpoint"));
        java.nio.file.Files.createDirectories(dir.resolve("run/models"));
        java.nio.file.Files.writeString(dir.resolve("run/metrics.jsonl"),
                "{\"kind\":\"train\",\"iter\":25}\n{\"kind\":\"val\",\"iter\":30}\n{\"kind\":\"train\",\"iter\":50}\n");
        assertTrue(WeightsIteration.describe(dir.resolve("run/models/net_g.safetensors")).startsWith("50 (last training record"));
        assertTrue(WeightsIteration.describe(dir.resolve("elsewhere/w.pth")).startsWith("unknown"));
    }
}
