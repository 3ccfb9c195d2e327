package io.dckd.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dckd.core.image.RgbImage;
import io.dckd.launcher.report.EvalCrops;
import io.dckd.launcher.report.SideBySide;
import io.dckd.tasks.degrade.BicubicDegradation;
import io.dckd.tasks.io.ImageFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dckd eval} on two named validation sets: console table, --json, eval.md/csv/json and crops. */
class EvalReportFlowTest {

    @TempDir
    static Path home;

    static Path conf;
    static Path weights;

    @BeforeAll
    static void setUp() throws Exception {
        Path sample = Path.of("src/dist/data/sample");
        Files.createDirectories(home.resolve("data/train"));
        Files.copy(sample.resolve("train/camera.png"), home.resolve("data/train/camera.png"));
        RgbImage coffee = ImageFiles.read(sample.resolve("val/coffee.png"));
        RgbImage moto = ImageFiles.read(sample.resolve("val/motorcycle_right.png"));
        ImageFiles.write(coffee.crop(0, 0, 64, 48), home.resolve("data/setA/coffee.png"));
        ImageFiles.write(moto.crop(40, 20, 40, 40), home.resolve("data/setA/moto.png"));
        ImageFiles.write(moto.crop(100, 60, 32, 36), home.resolve("data/setB/moto_b.png"));
        Files.createDirectories(home.resolve("plugins"));
        conf = home.resolve("two-sets.conf");
        Files.writeString(conf, String.join("\n",
                "name = two-sets",
                "scale = 2",
                "num_threads = 1",
                "network_g { type = edsr-t, num_feat = 8, num_block = 1 }",
                "path.experiments_root = \"" + home.resolve("runs") + "\"",
                "datasets {",
                "  train { type = SingleImageDataset, dataroot_gt = \"" + home.resolve("data/train") + "\", gt_size = 32, batch_size_per_gpu = 2, num_worker_per_gpu = 1 }",
                "  val { name = setA, type = SingleImageDataset, dataroot_gt = \"" + home.resolve("data/setA") + "\" }",
                "  val_1 { name = setB, type = SingleImageDataset, dataroot_gt = \"" + home.resolve("data/setB") + "\" }",
                "}",
                "train { total_iter = 2, optim_g { type = Adam, lr = 1e-3 }, scheduler { milestones = [10] }, pixel_opt { type = L1Loss } }",
                "val { val_freq = 2 }",
                "logger { print_freq = 1, save_checkpoint_freq = 2 }",
                ""));
        assertEquals(0, TinyRun.dckd(home, "train", "-c", conf.toString()));
        weights = home.resolve("runs/two-sets/models/net_g_ema.safetensors");
    }

    @Test
    void weightsThatDckdWroteNeedNoConfig() throws Exception {
        Path out = home.resolve("no-config");
        assertEquals(0, TinyRun.dckd(home, "eval", "--weights", weights.toString(), "--val", home.resolve("data/setA").toString(),
                "--out", out.toString(), "--crops", "0"));
        String md = Files.readString(out.resolve("eval.md"));
        assertTrue(md.contains("| setA | 2 |"), "one set, named after the folder, with its 2 images\n" + md);
        assertEquals(2, TinyRun.dckd(home, "eval", "--weights", weights.toString(), "--val", home.resolve("nowhere").toString()));
        Path noMetadata = home.resolve("plain.pth");
        Files.write(noMetadata, new byte[] {1, 2, 3});
        assertEquals(2, TinyRun.dckd(home, "eval", "--weights", noMetadata.toString()), "no metadata, no -c: a usage error");
    }

    @Test
    void writesMarkdownCsvJsonAndCropsForEverySet() throws Exception {
        Path json = home.resolve("console.json");
        assertEquals(0, TinyRun.dckd(home, "eval", "-c", conf.toString(), "--weights", weights.toString(),
                "--json", json.toString(), "--per-image", "--crops", "1"));
        String legacy = Files.readString(json);
        assertTrue(legacy.contains("\"psnr\"") && legacy.contains("baseline_psnr") && legacy.contains("\"moto_b\""), legacy);

        Path out = home.resolve("runs/two-sets/eval");
        String md = Files.readString(out.resolve("eval.md"));
        assertTrue(md.contains("| setA | 2 |") && md.contains("| setB | 1 |"), md);
        assertTrue(md.contains("## setA") && md.contains("| coffee |"), "per-image tables\n" + md);
        assertTrue(md.contains("- config: two-sets (" + conf + ")\n") && md.contains("- run name: two-sets\n")
                && md.contains("- seed: manual_seed 0\n"), "what was run\n" + md);
        assertTrue(md.contains("- iterations: 2 (last training record of ") && md.contains("- weights: edsr-t `" + weights + "`\n")
                && md.contains("- wall time: evaluation "), "which weights, how long\n" + md);

        List<String> csv = Files.readAllLines(out.resolve("eval.csv"));
        assertEquals("set,image,psnr,ssim,baseline_psnr,baseline_ssim,ms", csv.get(0));
        assertEquals(List.of("setA,coffee", "setA,moto", "setA,mean", "setB,moto_b", "setB,mean"),
                csv.subList(1, csv.size()).stream().map(l -> l.substring(0, l.indexOf(',', 5))).toList());
        // the mean row is the mean of the image rows
        double p1 = Double.parseDouble(csv.get(1).split(",")[2]), p2 = Double.parseDouble(csv.get(2).split(",")[2]);
        assertEquals((p1 + p2) / 2, Double.parseDouble(csv.get(3).split(",")[2]), 1e-5);

        String ej = Files.readString(out.resolve("eval.json"));
        assertTrue(ej.startsWith("{\"run\":{\"config\":"), ej);
        assertTrue(ej.contains("\"name\":\"setA\"") && ej.contains("\"name\":\"setB\"") && ej.contains("\"baseline_ssim\""), ej);

        List<String> crops;
        try (Stream<Path> s = Files.list(out.resolve("crops"))) {
            crops = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(List.of("setA_coffee.png", "setB_moto_b.png"), crops, "--crops 1: the first image of each set");
        // coffee: 64x48 GT -> LR 32x24 -> output 64x48; window side min(96, 64, 48) = 48 at (8, 0)
        RgbImage sheet = ImageFiles.read(out.resolve("crops/setA_coffee.png"));
        assertEquals(4 * 48 + 3 * EvalCrops.GAP, sheet.width());
        assertEquals(SideBySide.LABEL_BAND + 48, sheet.height(), "a label band above the panels");
        RgbImage row = sheet.crop(0, SideBySide.LABEL_BAND, sheet.width(), 48);
        RgbImage gt = ImageFiles.read(home.resolve("data/setA/coffee.png"));
        int x3 = 3 * (48 + EvalCrops.GAP);
        assertArrayEquals(gt.crop(8, 0, 48, 48).toUint8(), row.crop(x3, 0, 48, 48).toUint8(), "last panel: GT");
        RgbImage lr = BicubicDegradation.downscale(gt, 2);
        assertArrayEquals(BicubicDegradation.upscale(lr, 2).crop(8, 0, 48, 48).toUint8(),
                row.crop(48 + EvalCrops.GAP, 0, 48, 48).toUint8(), "second panel: bicubic baseline");
        RgbImage first = row.crop(0, 0, 48, 48);
        assertEquals(lr.get(0, 0, 4), first.get(0, 0, 0), 1e-6f, "first panel: nearest-upscaled LR");
        assertEquals(lr.get(0, 0, 4), first.get(0, 1, 1), 1e-6f);
    }

    @Test
    void meansOnlyWithoutPerImageAndNoCropsWithZero() throws Exception {
        Path out = home.resolve("means-only");
        assertEquals(0, TinyRun.dckd(home, "eval", "-c", conf.toString(), "--weights", weights.toString(),
                "--out", out.toString(), "--crops", "0"));
        List<String> csv = Files.readAllLines(out.resolve("eval.csv"));
        assertEquals(3, csv.size(), String.join("\n", csv));
        assertTrue(!Files.exists(out.resolve("crops")));
        assertTrue(!Files.readString(out.resolve("eval.json")).contains("\"images\""));
    }
}
