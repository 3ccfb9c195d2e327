package io.dckd.tasks.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dckd.core.image.RgbImage;
import io.dckd.tasks.Fixtures;
import io.dckd.tasks.data.TrainingStreamTest;
import io.dckd.tasks.degrade.BicubicDegradation;
import io.dckd.tasks.io.ImageFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolsTest {

    @TempDir
    Path dir;

    @Test
    void gridPositionsAsBasicSr() {
        assertEquals(List.of(0, 240, 480, 520), ExtractSubimages.positions(1000, 480, 240, 0));
        assertEquals(List.of(0, 240, 480), ExtractSubimages.positions(960, 480, 240, 0));
        assertEquals(List.of(), ExtractSubimages.positions(400, 480, 240, 0));
    }

    @Test
    void extractSubimagesMatchesLrAtCropOverScale() throws Exception {
        Path gt = Files.createDirectories(dir.resolve("gt"));
        RgbImage img = TrainingStreamTest.random(100, 72, 1);
        ImageFiles.write(img, gt.resolve("pic.png"));
        Files.createFile(gt.resolve("zero.png"));
        Path lr = dir.resolve("lr");
        assertEquals(1, PrepareTool.run(gt, lr, 4, dir.resolve("gtc")));
        assertArrayEquals(BicubicDegradation.downscale(img, 4).toUint8(), ImageFiles.read(lr.resolve("pic.png")).toUint8());
        int n = ExtractSubimages.run(gt, dir.resolve("gt_sub"), 48, 24, 0);
        int m = ExtractSubimages.run(lr, dir.resolve("lr_sub"), 12, 6, 0);
        assertEquals(n, m);
        assertEquals(4 * 2, n); // x: 0,24,48,52; y: 0,24
        RgbImage s5 = ImageFiles.read(dir.resolve("gt_sub/pic_s005.png"));
        assertArrayEquals(img.crop(0, 24, 48, 48).toUint8(), s5.toUint8());
    }

    @Test
    void metricsToolMatchesFixtureAndWritesJson() throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        Files.copy(Fixtures.path("metrics/0_a.png"), a.resolve("x.png"));
        Files.copy(Fixtures.path("metrics/0_b.png"), b.resolve("x.png"));
        Files.copy(Fixtures.path("metrics/1_a.png"), a.resolve("unmatched.png"));
        Path json = dir.resolve("m.json");
        MetricsTool.Result r = MetricsTool.run(a, b, 4, true, json, System.out);
        assertEquals(1, r.images().size());
        assertEquals(40.86591300624506, r.meanPsnr(), 1e-6);
        assertEquals(0.9459987667928067, r.meanSsim(), 1e-6);
        assertTrue(Files.readString(json).contains("\"name\": \"x\""));
    }
}
