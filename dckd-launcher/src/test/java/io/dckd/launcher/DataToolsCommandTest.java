package io.dckd.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dckd.core.image.RgbImage;
import io.dckd.core.io.Json;
import io.dckd.tasks.degrade.BicubicDegradation;
import io.dckd.tasks.io.ImageFiles;
import io.dckd.tasks.tools.MetricsTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dckd prepare} (bicubic LR, mod_crop, sub-images) and {@code dckd metrics} on real photographs. */
class DataToolsCommandTest {

    @TempDir
    static Path dir;

    static Path hr;

    @BeforeAll
    static void setUp() throws Exception {
        Path sample = Path.of("src/dist/data/sample");
        hr = dir.resolve("hr");
        // sizes that are not multiples of 4: 50x37 and 41x44
        ImageFiles.write(ImageFiles.read(sample.resolve("train/camera.png")).crop(60, 70, 50, 37), hr.resolve("camera.png"));
        ImageFiles.write(ImageFiles.read(sample.resolve("val/coffee.png")).crop(100, 50, 41, 44), hr.resolve("coffee.png"));
    }

    static int dckd(String... args) {
        return Dckd.commandLine().execute(args);
    }

    static List<String> names(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void prepareWritesBicubicLrWithTheSameNamesAndTheCroppedHr() throws Exception {
        Path lr = dir.resolve("lr_x4");
        Path cropped = dir.resolve("hr_mod4");
        assertEquals(0, dckd("prepare", "--scale", "4", "--input", hr.toString(), "--output", lr.toString(),
                "--crop-to-multiple", "--cropped-hr", cropped.toString()));
        assertEquals(List.of("camera.png", "coffee.png"), names(lr));
        assertEquals(List.of("camera.png", "coffee.png"), names(cropped));
        RgbImage camLr = ImageFiles.read(lr.resolve("camera.png"));
        assertEquals(12, camLr.width());
        assertEquals(9, camLr.height());
        RgbImage cofLr = ImageFiles.read(lr.resolve("coffee.png"));
        assertEquals(10, cofLr.width());
        assertEquals(11, cofLr.height());
        RgbImage camHr = ImageFiles.read(hr.resolve("camera.png"));
        RgbImage camCropped = ImageFiles.read(cropped.resolve("camera.png"));
        assertEquals(48, camCropped.width());
        assertEquals(36, camCropped.height());
        assertArrayEquals(camHr.crop(0, 0, 48, 36).toUint8(), camCropped.toUint8(), "mod_crop keeps the top-left part");
        assertArrayEquals(BicubicDegradation.downscale(camHr, 4).toUint8(), camLr.toUint8(), "MATLAB bicubic, 8-bit");
    }

    @Test
    void prepareWithoutCropToMultipleWritesOnlyLrAndTheDefaultCroppedFolderIsNextToTheInput() throws Exception {
        Path lr = dir.resolve("lr_x2");
        assertEquals(0, dckd("prepare", "--scale", "2", "--input", hr.toString(), "--output", lr.toString()));
        assertEquals(List.of("camera.png", "coffee.png"), names(lr));
        assertEquals(25, ImageFiles.read(lr.resolve("camera.png")).width());
        assertTrue(!Files.exists(dir.resolve("hr_mod2")));
        assertEquals(0, dckd("prepare", "--scale", "2", "--input", hr.toString(), "--output", dir.resolve("lr_x2b").toString(), "--crop-to-multiple"));
        assertEquals(40, ImageFiles.read(dir.resolve("hr_mod2/coffee.png")).width());
        assertEquals(2, dckd("prepare", "--input", hr.toString(), "--output", lr.toString()), "--scale or --subimages needed");
        assertEquals(2, dckd("prepare", "--subimages", "--scale", "2", "--input", hr.toString(), "--output", lr.toString()));
    }

    @Test
    void subimagesFollowTheGridOfExtractSubimages() throws Exception {
        Path in = dir.resolve("big");
        Files.createDirectories(in);
        Files.copy(Path.of("src/dist/data/sample/train/astronaut.png"), in.resolve("astronaut.png"));
        Path out = dir.resolve("subs");
        // 256 px, crop 100, step 60: 0, 60, 120 and, as 36 px remain past 220 (> thresh 0), 156 -> 4 x 4
        assertEquals(0, dckd("prepare", "--subimages", "--input", in.toString(), "--output", out.toString(),
                "--crop-size", "100", "--step", "60", "--thresh-size", "0"));
        List<String> subs = names(out);
        assertEquals(16, subs.size());
        assertEquals("astronaut_s001.png", subs.get(0));
        assertEquals("astronaut_s016.png", subs.get(15));
        RgbImage last = ImageFiles.read(out.resolve("astronaut_s016.png"));
        assertArrayEquals(ImageFiles.read(in.resolve("astronaut.png")).crop(156, 156, 100, 100).toUint8(), last.toUint8());
        // thresh 40: the 36 px remainder is dropped -> 3 x 3
        Path out2 = dir.resolve("subs2");
        assertEquals(0, dckd("prepare", "--subimages", "--input", in.toString(), "--output", out2.toString(),
                "--crop-size", "100", "--step", "60", "--thresh-size", "40"));
        assertEquals(9, names(out2).size());
    }

    @Test
    void metricsMatchTheMetricsTool() throws Exception {
        Path lr = dir.resolve("m_lr");
        Path gt = dir.resolve("m_gt");
        assertEquals(0, dckd("prepare", "--scale", "4", "--input", hr.toString(), "--output", lr.toString(), "--cropped-hr", gt.toString()));
        Path restored = dir.resolve("m_bicubic");
        for (String n : List.of("camera", "coffee")) {
            // bicubic upscaling, saved as lossless .bmp, another extension: matched by name
            ImageFiles.write(BicubicDegradation.upscale(ImageFiles.read(lr.resolve(n + ".png")), 4), restored.resolve(n + ".bmp"));
        }
        Path json = dir.resolve("metrics.json");
        assertEquals(0, dckd("metrics", "--gt", gt.toString(), "--restored", restored.toString(), "--crop-border", "4", "--y-channel", "--json", json.toString()));
        MetricsTool.Result expected = MetricsTool.run(restored, gt, 4, true, null, null);
        String text = Files.readString(json);
        Map<String, Object> report = Json.readObject(text);
        Map<?, ?> parsed = (Map<?, ?>) report.get("mean");
        assertEquals(expected.meanPsnr(), (Double) parsed.get("psnr"), 1e-9);
        assertEquals(expected.meanSsim(), (Double) parsed.get("ssim"), 1e-9);
        assertEquals(2, expected.images().size());
        // every image's scores in full precision, in the order scored
        assertEquals(expected.images().stream().map(s -> Map.of("name", s.name(), "psnr", s.psnr(), "ssim", s.ssim())).toList(),
                report.get("images"), text);
        assertTrue(text.contains("\"test_y_channel\": true") && text.contains("\"crop_border\": 4"), text);
        assertTrue(expected.meanPsnr() > 15 && expected.meanPsnr() < 40, "bicubic x4 PSNR " + expected.meanPsnr());
        assertTrue(dckd("metrics", "--gt", gt.toString(), "--restored", dir.resolve("no-such-folder").toString()) != 0);
    }
}
