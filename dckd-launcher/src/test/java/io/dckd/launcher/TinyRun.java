package io.dckd.launcher;

import io.dckd.core.image.RgbImage;
import io.dckd.tasks.io.ImageFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A dckd home for fast end-to-end runs: three training photographs, one small validation image, a
 * plugins folder and the tiny EDSR config of {@link TrainFlowTest} (edsr-t, 8 features, 1 block,
 * 32 px patches, batch 2, one thread).
 */
final class TinyRun {

    final Path home;
    final Path conf;

    /** What a command printed to stderr and its exit code. */
    record Result(int code, String err) {}

    TinyRun(Path home, String... extraLines) throws Exception {
        this.home = home;
        Path sample = Path.of("src/dist/data/sample");
        Files.createDirectories(home.resolve("data/train"));
        Files.createDirectories(home.resolve("data/val"));
        for (String n : List.of("astronaut", "brick", "camera")) {
            Files.copy(sample.resolve("train/" + n + ".png"), home.resolve("data/train/" + n + ".png"));
        }
        RgbImage coffee = ImageFiles.read(sample.resolve("val/coffee.png"));
        ImageFiles.write(coffee.crop(0, 0, 32, 24), home.resolve("data/val/coffee.png"));
        Files.createDirectories(home.resolve("plugins"));
        conf = home.resolve("tiny.conf");
        List<String> lines = new ArrayList<>(List.of(
                "name = tiny",
                "scale = 4",
                "manual_seed = 3",
                "num_threads = 1",
                "network_g { type = edsr-t, num_feat = 8, num_block = 1 }",
                "path.experiments_root = \"" + home.resolve("runs") + "\"",
                "datasets {",
                "  train { type = SingleImageDataset, dataroot_gt = \"" + home.resolve("data/train") + "\", gt_size = 32, batch_size_per_gpu = 2, num_worker_per_gpu = 1 }",
                "  val { name = val, type = SingleImageDataset, dataroot_gt = \"" + home.resolve("data/val") + "\" }",
                "}",
                "train { total_iter = 8, optim_g { type = Adam, lr = 1e-3 }, scheduler { milestones = [6], gamma = 0.5 }, pixel_opt { type = L1Loss } }",
                "val { val_freq = 1000, also_raw = false }",
                "logger { print_freq = 1, save_checkpoint_freq = 2, keep_last = 2 }"));
        lines.addAll(List.of(extraLines));
        Files.writeString(conf, String.join("\n", lines) + "\n");
    }

    /** The arguments of {@code dckd train} on the tiny config, with this home and plugins folder. */
    List<String> trainArgs(String... more) {
        List<String> a = new ArrayList<>(List.of("train", "-c", conf.toString()));
        a.addAll(List.of(more));
        a.addAll(List.of("--home", home.toString(), "--plugins-dir", home.resolve("plugins").toString()));
        return a;
    }

    /** Runs {@code dckd train} in this JVM. */
    Result train(String... more) {
        StringWriter err = new StringWriter();
        var cl = Dckd.commandLine();
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(trainArgs(more).toArray(String[]::new));
        return new Result(code, err.toString());
    }

    Path run(String name) {
        return home.resolve("runs").resolve(name);
    }
}
