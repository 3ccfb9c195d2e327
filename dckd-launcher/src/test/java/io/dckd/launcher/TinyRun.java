package io.dckd.launcher;

import io.dckd.core.image.RgbImage;
import io.dckd.core.io.FileTrees;
import io.dckd.tasks.io.ImageFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A dckd home for fast end-to-end runs: training photographs, one small validation image, a plugins
 * folder and, by default, a tiny EDSR config (edsr-t, 8 features, 1 block, 32 px patches, batch 2,
 * one thread, 8 iterations). Tests with a config of their own lay out the same data with
 * {@link #layOutData} and point their config at it with {@link #dataLines}.
 *
 * <p>One home for a whole test class: {@code @RegisterExtension static final TinyRun tiny =
 * TinyRun.perClass();} lays it out in a temporary folder before the class's tests and deletes it after them.
 */
final class TinyRun implements BeforeAllCallback, AfterAllCallback {

    /** The sample photographs the launcher ships. */
    static final Path SAMPLE = Path.of("src/dist/data/sample");

    private static final List<String> PHOTOS = List.of("astronaut", "brick", "camera");

    Path home;
    Path conf;
    private final String[] extraLines;

    /** What a command printed to stderr and its exit code. */
    record Result(int code, String err) {}

    /** The tiny EDSR home with a 32x24 validation crop; {@code extraLines} are appended to its config (later keys win). */
    TinyRun(Path home, String... extraLines) throws IOException {
        this(home, 32, 24, extraLines);
    }

    /** The tiny EDSR home with a {@code valWidth} x {@code valHeight} validation crop. */
    TinyRun(Path home, int valWidth, int valHeight, String... extraLines) throws IOException {
        this.extraLines = extraLines;
        layOut(home, valWidth, valHeight);
    }

    private TinyRun(String... extraLines) {
        this.extraLines = extraLines;
    }

    /** The tiny EDSR home of a test class, laid out before its tests in a temporary folder (register it as an extension). */
    static TinyRun perClass(String... extraLines) {
        return new TinyRun(extraLines);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        layOut(Files.createTempDirectory("dckd-tiny-"), 32, 24);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        FileTrees.delete(home);
    }

    private void layOut(Path home, int valWidth, int valHeight) throws IOException {
        this.home = home;
        layOutData(home, PHOTOS, valWidth, valHeight);
        conf = home.resolve("tiny.conf");
        List<String> lines = configLines(home, 3, "network_g { type = edsr-t, num_feat = 8, num_block = 1 }");
        lines.addAll(List.of(
                "train { total_iter = 8, optim_g { type = Adam, lr = 1e-3 }, scheduler { milestones = [6], gamma = 0.5 }, pixel_opt { type = L1Loss } }",
                "val { val_freq = 1000, also_raw = false }",
                "logger { print_freq = 1, save_checkpoint_freq = 2, keep_last = 2 }"));
        lines.addAll(List.of(extraLines));
        Files.writeString(conf, String.join("\n", lines) + "\n");
    }

    /**
     * Copies the named sample photographs to {@code home/data/train}, writes the top-left
     * {@code valWidth} x {@code valHeight} of the sample coffee photograph as {@code home/data/val/coffee.png}
     * and makes an empty plugins folder.
     */
    static void layOutData(Path home, List<String> photos, int valWidth, int valHeight) throws IOException {
        Files.createDirectories(home.resolve("data/train"));
        Files.createDirectories(home.resolve("data/val"));
        for (String n : photos) {
            Files.copy(SAMPLE.resolve("train/" + n + ".png"), home.resolve("data/train/" + n + ".png"));
        }
        RgbImage coffee = ImageFiles.read(SAMPLE.resolve("val/coffee.png"));
        ImageFiles.write(coffee.crop(0, 0, valWidth, valHeight), home.resolve("data/val/coffee.png"));
        Files.createDirectories(home.resolve("plugins"));
    }

    /**
     * The first config lines of a tiny x4 run named {@code tiny} on one thread: its seed, its {@code networks}
     * and the {@link #dataLines}; a list to add the training sections to.
     */
    static List<String> configLines(Path home, long seed, String... networks) {
        List<String> lines = new ArrayList<>(List.of("name = tiny", "scale = 4", "manual_seed = " + seed, "num_threads = 1"));
        lines.addAll(List.of(networks));
        lines.addAll(dataLines(home));
        return lines;
    }

    /** Config lines that put runs under {@code home/runs} and read the data of {@link #layOutData}. */
    static List<String> dataLines(Path home) {
        return List.of(
                "path.experiments_root = \"" + home.resolve("runs") + "\"",
                "datasets {",
                "  train { type = SingleImageDataset, dataroot_gt = \"" + home.resolve("data/train") + "\", gt_size = 32, batch_size_per_gpu = 2, num_worker_per_gpu = 1 }",
                "  val { name = val, type = SingleImageDataset, dataroot_gt = \"" + home.resolve("data/val") + "\" }",
                "}");
    }

    /** Runs {@code dckd args} in this JVM with {@code home} and its plugins folder; returns the exit code. */
    static int dckd(Path home, String... args) {
        return Dckd.commandLine().execute(withHome(home, List.of(args)));
    }

    /** Runs {@code dckd args} in this JVM with this home and its plugins folder, capturing picocli's stderr. */
    Result dckd(String... args) {
        StringWriter err = new StringWriter();
        var cl = Dckd.commandLine();
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(withHome(home, List.of(args)));
        return new Result(code, err.toString());
    }

    /** The arguments of {@code dckd train} on the tiny config, with this home and plugins folder. */
    List<String> trainArgs(String... more) {
        return List.of(withHome(home, trainCommand(more)));
    }

    /** Runs {@code dckd train} on the tiny config in this JVM. */
    Result train(String... more) {
        return dckd(trainCommand(more).toArray(String[]::new));
    }

    /** The directory of the run called {@code name}. */
    Path run(String name) {
        return home.resolve("runs").resolve(name);
    }

    private List<String> trainCommand(String... more) {
        List<String> a = new ArrayList<>(List.of("train", "-c", conf.toString()));
        a.addAll(List.of(more));
        return a;
    }

    private static String[] withHome(Path home, List<String> args) {
        List<String> full = new ArrayList<>(args);
        full.addAll(List.of("--home", home.toString(), "--plugins-dir", home.resolve("plugins").toString()));
        return full.toArray(String[]::new);
    }
}
