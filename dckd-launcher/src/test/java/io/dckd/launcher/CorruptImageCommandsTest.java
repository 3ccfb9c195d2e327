package io.dckd.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dckd.core.io.Json;
import io.dckd.tasks.io.ImageFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dckd metrics} and {@code dckd restore} on a truncated JPEG (which javax.imageio decodes
 * half grey with only a warning): metrics fails with exit 1 naming the file unless
 * {@code --skip-bad}, which reports the skipped file in the table and the JSON; restore fails with
 * exit 1 naming the file.
 */
class CorruptImageCommandsTest {

    @TempDir
    static Path dir;

    static Path gt;
    static Path restored;
    static Path truncated;

    /** What a command printed and its exit code. */
    record Run(int code, String out, String err) {}

    @BeforeAll
    static void setUp() throws Exception {
        Path sample = Path.of("src/dist/data/sample");
        gt = Files.createDirectories(dir.resolve("gt"));
        restored = Files.createDirectories(dir.resolve("restored"));
        var camera = ImageFiles.read(sample.resolve("train/camera.png"));
        for (int i = 0; i < 3; i++) {
            var img = camera.crop(40 * i, 30, 48, 40);
            ImageFiles.write(img, gt.resolve("img" + i + ".png"));
            ImageFiles.write(img, restored.resolve("img" + i + ".jpg"));
        }
        truncated = restored.resolve("img1.jpg");
        byte[] b = Files.readAllBytes(truncated);
        Files.write(truncated, Arrays.copyOf(b, b.length / 2));
    }

    static Run dckd(String... args) {
        PrintStream oldOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            var cl = Dckd.commandLine();
            cl.setErr(new PrintWriter(err, true));
            int code = cl.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(oldOut);
        }
    }

    @Test
    void metricsFailsNamingATruncatedImage() throws Exception {
        Path json = dir.resolve("strict.json");
        Run r = dckd("metrics", "--gt", gt.toString(), "--restored", restored.toString(), "--json", json.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains(truncated.toString()) && r.err().contains("truncated") && r.err().contains("--skip-bad"), r.err());
        assertFalse(r.out().contains("mean"), "no mean over fewer images: " + r.out());
        assertFalse(Files.exists(json), "no report over fewer images");
    }

    @Test
    void metricsWithSkipBadCountsAndNamesTheSkippedFile() throws Exception {
        Path json = dir.resolve("skip.json");
        Run r = dckd("metrics", "--gt", gt.toString(), "--restored", restored.toString(), "--skip-bad", "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("(2 images, 1 skipped,"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("skipped") && l.contains(truncated.toString())), r.out());
        String text = Files.readString(json);
        Map<?, ?> skipped = (Map<?, ?>) Json.readObject(text).get("skipped");
        assertEquals(1, skipped.get("count"), text);
        assertEquals(truncated.toString(), ((Map<?, ?>) ((List<?>) skipped.get("files")).get(0)).get("file"), text);
        assertEquals(List.of("img0", "img2"), io.dckd.tasks.tools.MetricsTool.run(restored, gt, 0, false, true, null, null)
                .images().stream().map(s -> s.name()).toList());
    }

    @Test
    void restoreFailsWithExitOneNamingATruncatedInput() throws Exception {
        TinyRun tiny = new TinyRun(dir.resolve("home"));
        assertEquals(0, tiny.train("--set", "name=w", "--set", "train.total_iter=1").code());
        Path weights = tiny.run("w").resolve("models/net_g.safetensors");
        Run r = dckd("restore", "-c", tiny.conf.toString(), "--weights", weights.toString(), "--input", truncated.toString(),
                "--output", dir.resolve("out.png").toString(), "--home", tiny.home.toString(), "--plugins-dir",
                tiny.home.resolve("plugins").toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().startsWith("dckd: cannot read image " + truncated) && r.err().contains("truncated"), r.err());
        assertFalse(Files.exists(dir.resolve("out.png")));
    }
}
