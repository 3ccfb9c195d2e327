package io.dckd.tasks.data;

import static io.dckd.tasks.data.TrainingStreamTest.SR4;
import static io.dckd.tasks.data.TrainingStreamTest.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.dckd.core.data.Batch;
import io.dckd.core.data.BatchSource;
import io.dckd.core.data.ValidationSet;
import io.dckd.tasks.io.ImageFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that javax.imageio used to decode silently (a truncated JPEG, a PNG with a bad CRC, a PNG
 * cut before IEND) in training and validation folders: skipped when the dataset is opened, with one
 * warning naming each, and without changing a single batch compared with a folder that never held
 * them (so a run and its resume see the same data).
 */
class CorruptDatasetFilesTest {

    /** The damaged files {@link #folder} adds: truncated JPEG, flipped IHDR CRC, PNG cut before IEND. */
    static final List<String> BAD = List.of("b_truncated.jpg", "d_bad_crc.png", "f_no_iend.png");

    @TempDir
    Path dir;

    /** Good images a, c, e (48x40 noise) and, when {@code withBad}, the {@link #BAD} files between them. */
    Path folder(String name, boolean withBad) throws Exception {
        Path f = Files.createDirectories(dir.resolve(name));
        ImageFiles.write(random(48, 40, 1), f.resolve("a.png"));
        ImageFiles.write(random(44, 40, 2), f.resolve("c.png"));
        ImageFiles.write(random(40, 48, 3), f.resolve("e.png"));
        if (withBad) {
            Path jpg = dir.resolve(name + "-full.jpg");
            ImageFiles.write(random(48, 40, 4), jpg);
            byte[] j = Files.readAllBytes(jpg);
            Files.write(f.resolve(BAD.get(0)), Arrays.copyOf(j, j.length * 2 / 3));
            byte[] p = Files.readAllBytes(f.resolve("a.png"));
            byte[] crc = p.clone();
            crc[29] ^= 0x01;
            Files.write(f.resolve(BAD.get(1)), crc);
            Files.write(f.resolve(BAD.get(2)), Arrays.copyOf(p, p.length - 12));
        }
        return f;
    }

    static TrainOptions options(Path gt) {
        return TrainOptions.from(ConfigFactory.parseString("type = SingleImageDataset, gt_size = 32, batch_size_per_gpu = 2, "
                + "num_worker_per_gpu = 2, dataroot_gt = \"" + gt + "\""), "datasets.train", 4);
    }

    /** Runs {@code action} and returns what it printed to stderr (where slf4j-simple logs). */
    static String stderrOf(Callable<?> action) throws Exception {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            action.call();
        } finally {
            System.setErr(old);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    static void assertOneWarningEach(String log, Path folder, List<String> names) {
        for (String n : names) {
            String needle = "skipping " + folder.resolve(n);
            int count = log.split(java.util.regex.Pattern.quote(needle), -1).length - 1;
            assertEquals(1, count, "warnings naming " + n + " in:\n" + log);
        }
    }

    @Test
    void corruptTrainingImagesAreSkippedWithOneWarningEachAndChangeNoBatch() throws Exception {
        Path bad = folder("with_bad", true);
        SingleImageDataset[] ds = new SingleImageDataset[1];
        String log = stderrOf(() -> ds[0] = new SingleImageDataset(options(bad), SR4, true));
        assertEquals(3, ds[0].size());
        assertOneWarningEach(log, bad, BAD);
        Path clean = folder("clean", false);
        try (BatchSource a = TrainingStream.open(options(bad), SR4, true, 11);
                BatchSource b = TrainingStream.open(options(clean), SR4, true, 11)) {
            for (int i = 0; i < 6; i++) {
                Batch x = a.next(), y = b.next();
                assertArrayEquals(y.gt(), x.gt(), "batch " + i);
                assertArrayEquals(y.lq(), x.lq(), "batch " + i);
            }
        }
    }

    @Test
    void aCorruptLqImageSkipsItsPairNamingTheLqFile() throws Exception {
        Path gt = folder("hr", false);
        Path lq = Files.createDirectories(dir.resolve("lr"));
        for (String n : List.of("a", "c", "e")) {
            ImageFiles.write(SR4.degrade(ImageFiles.read(gt.resolve(n + ".png")), new java.util.SplittableRandom(0)), lq.resolve(n + ".png"));
        }
        byte[] c = Files.readAllBytes(lq.resolve("c.png"));
        Files.delete(lq.resolve("c.png"));
        Files.write(lq.resolve("c.png"), Arrays.copyOf(c, c.length - 12));
        TrainOptions o = TrainOptions.from(ConfigFactory.parseString("gt_size = 32, batch_size_per_gpu = 2, dataroot_gt = \"" + gt
                + "\", dataroot_lq = \"" + lq + "\""), "datasets.train", 4);
        PairedImageDataset[] ds = new PairedImageDataset[1];
        String log = stderrOf(() -> ds[0] = new PairedImageDataset(o, 4));
        assertEquals(2, ds[0].size());
        assertOneWarningEach(log, lq, List.of("c.png"));
    }

    @Test
    void corruptValidationImagesAreSkippedWithOneWarningEach() throws Exception {
        Path val = folder("val", true);
        Config datasets = ConfigFactory.parseString("train { gt_size = 32 }, val { name = v, dataroot_gt = \"" + val + "\" }");
        @SuppressWarnings("unchecked")
        List<ValidationSet>[] sets = new List[1];
        String log = stderrOf(() -> sets[0] = SR4.validationSets(datasets));
        assertEquals(List.of("a", "c", "e"), sets[0].get(0).samples().stream().map(s -> s.name()).toList());
        assertOneWarningEach(log, val, BAD);
    }

    @Test
    void aFolderOfOnlyCorruptImagesFailsNamingTheFolder() throws Exception {
        Path bad = folder("only_bad", true);
        for (String n : List.of("a.png", "c.png", "e.png")) {
            Files.delete(bad.resolve(n));
        }
        ConfigException e = assertThrows(ConfigException.class, () -> stderrOf(() -> new SingleImageDataset(options(bad), SR4, true)));
        assertTrue(e.getMessage().contains("no usable training image") && e.getMessage().contains(bad.toString()), e.getMessage());
    }
}
