package io.dckd.tasks.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.dckd.core.data.Batch;
import io.dckd.core.data.BatchSource;
import io.dckd.core.data.ValidationSet;
import io.dckd.core.image.RgbImage;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.RestorationTask;
import io.dckd.tasks.io.ImageFiles;
import io.dckd.tasks.task.SrTask;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training stream: bad-data handling, patch alignment, determinism, resume, validation sets. */
public class TrainingStreamTest {

    @TempDir
    Path dir;

    static final RestorationTask SR4 = new SrTask().create(ComponentSpec.of("sr", ConfigFactory.parseString("scale = 4")));

    public static RgbImage random(int w, int h, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] d = new float[3 * w * h];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextInt(256) / 255f;
        }
        return new RgbImage(w, h, d);
    }

    /** A GT made of constant s×s blocks and its exact decimation, so patch alignment is checkable. */
    static RgbImage[] blockPair(int lw, int lh, int s, long seed) {
        RgbImage lq = random(lw, lh, seed);
        float[] g = new float[3 * lw * s * lh * s];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < lh * s; y++) {
                for (int x = 0; x < lw * s; x++) {
                    g[(c * lh * s + y) * lw * s + x] = lq.get(c, y / s, x / s);
                }
            }
        }
        return new RgbImage[] {lq, new RgbImage(lw * s, lh * s, g)};
    }

    Config train(String extra) {
        return ConfigFactory.parseString(extra).withFallback(ConfigFactory.parseString(
                "gt_size = 32, batch_size_per_gpu = 4, num_worker_per_gpu = 2"));
    }

    Path gtFolderWithBadFiles() throws Exception {
        Path gt = Files.createDirectories(dir.resolve("gt"));
        ImageFiles.write(random(48, 40, 1), gt.resolve("a_good.png"));
        ImageFiles.write(random(40, 44, 2), gt.resolve("b_ünïcødé_图.png"));
        Files.createFile(gt.resolve("c_zero.png"));
        byte[] full = Files.readAllBytes(gt.resolve("a_good.png"));
        Files.write(gt.resolve("d_truncated.png"), Arrays.copyOf(full, full.length / 3));
        ImageFiles.write(random(20, 20, 3), gt.resolve("e_small.png")); // smaller than gt_size 32
        BufferedImage g16 = new BufferedImage(36, 36, BufferedImage.TYPE_USHORT_GRAY);
        g16.getRaster().setSample(3, 3, 0, 40000);
        ImageIO.write(g16, "png", gt.resolve("f_gray16.png").toFile());
        byte[] r = {0, (byte) 255}, gg = {0, 0}, b = {0, (byte) 128};
        BufferedImage pal = new BufferedImage(36, 36, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, 2, r, gg, b));
        ImageIO.write(pal, "png", gt.resolve("g_palette.png").toFile());
        BufferedImage rgba = new BufferedImage(36, 36, BufferedImage.TYPE_4BYTE_ABGR);
        ImageIO.write(rgba, "png", gt.resolve("h_rgba.png").toFile());
        Files.writeString(gt.resolve("notes.txt"), "not an image");
        return gt;
    }

    @Test
    void singleImageDatasetSkipsBadFilesAndKeepsConvertibleOnes() throws Exception {
        Path gt = gtFolderWithBadFiles();
        TrainOptions o = TrainOptions.from(train("type = SingleImageDataset, dataroot_gt = \"" + gt + "\""),
                "datasets.train", 4);
        SingleImageDataset ds = new SingleImageDataset(o, SR4, true);
        // kept: a_good, b_unicode, f_gray16, g_palette, h_rgba; skipped: zero, truncated, small
        assertEquals(5, ds.size());
        try (BatchSource src = TrainingStream.open(o, SR4, true, 7)) {
            Batch b = src.next();
            assertEquals(4, b.size());
            assertEquals(8, b.lqWidth());
            assertEquals(32, b.gtWidth());
        }
    }

    @Test
    void streamIsDeterministicAndResumable() throws Exception {
        Path gt = gtFolderWithBadFiles();
        TrainOptions two = TrainOptions.from(train("type = SingleImageDataset, dataroot_gt = \"" + gt + "\""), "t", 4);
        TrainOptions one = TrainOptions.from(train("type = SingleImageDataset, num_worker_per_gpu = 1, dataroot_gt = \""
                + gt + "\""), "t", 4);
        Batch[] ref = new Batch[6];
        try (BatchSource a = TrainingStream.open(two, SR4, true, 42)) {
            for (int i = 0; i < ref.length; i++) {
                ref[i] = a.next();
            }
            assertEquals(6, a.position());
        }
        try (BatchSource b = TrainingStream.open(one, SR4, true, 42)) {
            for (Batch r : ref) {
                Batch x = b.next();
                assertArrayEquals(r.lq(), x.lq());
                assertArrayEquals(r.gt(), x.gt());
            }
        }
        try (BatchSource c = TrainingStream.open(two, SR4, true, 42)) {
            c.next();
            c.skipTo(4);
            assertEquals(4, c.position());
            assertArrayEquals(ref[4].gt(), c.next().gt());
            assertArrayEquals(ref[5].lq(), c.next().lq());
        }
        try (BatchSource d = TrainingStream.open(two, SR4, true, 43)) {
            assertFalse(Arrays.equals(ref[0].gt(), d.next().gt()));
        }
    }

    @Test
    void precomputedLqPatchesAreCropsOfTheWholeImageLr() throws Exception {
        Path gt = Files.createDirectories(dir.resolve("gt1"));
        RgbImage img = random(64, 48, 5);
        ImageFiles.write(img, gt.resolve("x.png"));
        RgbImage lr = SR4.degrade(ImageFiles.read(gt.resolve("x.png")), new SplittableRandom(0));
        TrainOptions o = TrainOptions.from(train("type = SingleImageDataset, use_hflip = false, use_rot = false, "
                + "batch_size_per_gpu = 1, dataroot_gt = \"" + gt + "\""), "t", 4);
        SingleImageDataset ds = new SingleImageDataset(o, SR4, true);
        for (int t = 0; t < 5; t++) {
            var s = ds.sample(0, new SplittableRandom(t));
            boolean found = false;
            for (int y = 0; y + 8 <= lr.height() && !found; y++) {
                for (int x = 0; x + 8 <= lr.width() && !found; x++) {
                    found = Arrays.equals(lr.crop(x, y, 8, 8).chw(), s.lq().chw())
                            && Arrays.equals(img.quantized().crop(4 * x, 4 * y, 32, 32).chw(), s.gt().chw());
                }
            }
            assertTrue(found, "LQ patch is not the matching crop of the whole-image LR");
        }
    }

    @Test
    void pairedDatasetAlignsPatchesAndSkipsMismatches() throws Exception {
        Path gt = Files.createDirectories(dir.resolve("hr"));
        Path lq = Files.createDirectories(dir.resolve("lr"));
        for (int i = 0; i < 3; i++) {
            RgbImage[] p = blockPair(12 + i, 10, 4, i);
            ImageFiles.write(p[1], gt.resolve("img" + i + ".png"));
            ImageFiles.write(p[0], lq.resolve("img" + i + "x4.png"));
        }
        ImageFiles.write(random(40, 40, 9), gt.resolve("mismatch.png"));
        ImageFiles.write(random(9, 9, 9), lq.resolve("mismatchx4.png"));       // 36 != 40
        ImageFiles.write(random(40, 40, 9), gt.resolve("nolq.png"));             // no partner
        TrainOptions o = TrainOptions.from(train("dataroot_gt = \"" + gt + "\", dataroot_lq = \"" + lq
                + "\", filename_tmpl = \"{}x4\""), "datasets.train", 4);
        PairedImageDataset ds = new PairedImageDataset(o, 4);
        assertEquals(3, ds.size());
        for (int t = 0; t < 20; t++) {
            var s = ds.sample(t % 3, new SplittableRandom(t));
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        assertEquals(s.lq().get(c, y / 4, x / 4), s.gt().get(c, y, x));
                    }
                }
            }
        }
    }

    @Test
    void emptyOrMissingFoldersNameFolderAndKey() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Config c = train("type = SingleImageDataset, dataroot_gt = \"" + empty + "\"");
        ConfigException e = assertThrows(ConfigException.class,
                () -> new SingleImageDataset(TrainOptions.from(c, "datasets.train", 4), SR4, true));
        assertTrue(e.getMessage().contains("datasets.train.dataroot_gt") && e.getMessage().contains(empty.toString()),
                e.getMessage());
        Config missing = train("type = SingleImageDataset, dataroot_gt = \"" + dir.resolve("nope") + "\"");
        assertThrows(ConfigException.class, () -> new SingleImageDataset(TrainOptions.from(missing, "datasets.train", 4), SR4, true));
        Config allBad = train("type = SingleImageDataset, dataroot_gt = \"" + dir.resolve("bad") + "\"");
        Files.createDirectories(dir.resolve("bad"));
        Files.createFile(dir.resolve("bad/zero.png"));
        ConfigException e2 = assertThrows(ConfigException.class,
                () -> new SingleImageDataset(TrainOptions.from(allBad, "datasets.train", 4), SR4, true));
        assertTrue(e2.getMessage().contains("no usable training image"), e2.getMessage());
    }

    @Test
    void unknownKeysAndBadValuesAreRejected() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> TrainOptions.from(train("dataroot_gt = x, use_hflp = true"), "datasets.train", 4));
        assertTrue(e.getMessage().contains("use_hflp") && e.getMessage().contains("use_hflip"), e.getMessage());
        assertThrows(ConfigException.class, () -> TrainOptions.from(train("dataroot_gt = x, gt_size = 30"), "t", 4));
        assertThrows(ConfigException.class, () -> TrainOptions.from(train("dataroot_gt = x"), "t", 4)); // paired w/o lq
    }

    @Test
    void validationSetsFromEveryValSection() throws Exception {
        Path gt = Files.createDirectories(dir.resolve("vgt"));
        Path lq = Files.createDirectories(dir.resolve("vlq"));
        ImageFiles.write(random(30, 22, 1), gt.resolve("p.png")); // mod-cropped to 28x20
        ImageFiles.write(random(16, 16, 2), gt.resolve("q.png"));
        Files.createFile(gt.resolve("r_zero.png"));
        ImageFiles.write(random(7, 5, 3), lq.resolve("p.png"));
        ImageFiles.write(random(3, 3, 3), lq.resolve("q.png")); // 12 != 16: skipped
        Config datasets = ConfigFactory.empty()
                .withValue("train", ConfigValueFactory.fromMap(java.util.Map.of("gt_size", 32)))
                .withValue("val", ConfigFactory.parseString("name = synth, dataroot_gt = \"" + gt + "\"").root())
                .withValue("val_1", ConfigFactory.parseString("name = paired, dataroot_gt = \"" + gt
                        + "\", dataroot_lq = \"" + lq + "\"").root());
        List<ValidationSet> sets = SR4.validationSets(datasets);
        assertEquals(List.of("synth", "paired"), sets.stream().map(ValidationSet::name).toList());
        assertEquals(2, sets.get(0).samples().size());
        assertEquals(28, sets.get(0).samples().get(0).gt().width());
        assertEquals(7, sets.get(0).samples().get(0).lq().width());
        assertEquals(1, sets.get(1).samples().size());
        assertEquals(20, sets.get(1).samples().get(0).gt().height());
        List<ValidationSet> again = SR4.validationSets(datasets);
        assertArrayEquals(sets.get(0).samples().get(1).lq().chw(), again.get(0).samples().get(1).lq().chw());
    }
}
