package io.dckd.launcher.cmd;

import ai.djl.Device;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.dckd.core.image.RgbImage;
import io.dckd.core.infer.TiledRestorer;
import io.dckd.core.io.SafeTensors;
import io.dckd.core.spi.Backbone;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.train.Network;
import io.dckd.core.train.TrainingSetup;
import io.dckd.launcher.Dckd;
import io.dckd.launcher.DckdApp;
import io.dckd.launcher.Weights;
import io.dckd.tasks.io.ImageFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dckd restore}: runs a network on images, whole or in overlapping tiles. */
@Command(name = "restore", mixinStandardHelpOptions = true, description = "Run a trained network on an image or a folder of images.")
public final class RestoreCommand implements Callable<Integer> {

    @Mixin
    AppOptions app;

    @Option(names = {"-c", "--config"}, description = "run config whose network_g to use (instead of --backbone)")
    String config;

    @Option(names = "--set", description = "config override (with -c)")
    List<String> sets = new ArrayList<>();

    @Option(names = "--backbone", description = "architecture or preset, e.g. rcan-s (without -c)")
    String backbone;

    @Option(names = "--scale", defaultValue = "4", description = "upscaling factor for --backbone (default ${DEFAULT-VALUE})")
    int scale;

    @Option(names = "--weights", required = true, description = "weights (safetensors or PyTorch .pth)")
    Path weights;

    @Option(names = "--param-key", defaultValue = "params_ema", description = "top-level key in multi-dict checkpoints (default ${DEFAULT-VALUE})")
    String paramKey;

    @Option(names = "--allow-non-finite", description = "load weights holding NaN or infinite values (refused by default: they give black outputs)")
    boolean allowNonFinite;

    @Option(names = "--input", required = true, description = "image file or folder")
    Path input;

    @Option(names = "--output", required = true, description = "output file or folder (.png/.jpg; .safetensors writes raw float output)")
    Path output;

    @Option(names = "--tile", defaultValue = "0", description = "tile size in input pixels, 0 = whole image (default ${DEFAULT-VALUE})")
    int tile;

    @Option(names = "--tile-overlap", defaultValue = "32", description = "overlap between tiles in input pixels (default ${DEFAULT-VALUE})")
    int tileOverlap;

    @Override
    public Integer call() throws Exception {
        if ((config == null) == (backbone == null)) {
            throw new Dckd.UsageException("give exactly one of -c/--config and --backbone");
        }
        if (tile > 0 && tileOverlap >= tile) {
            throw new Dckd.UsageException("--tile-overlap must be smaller than --tile");
        }
        try (DckdApp a = app.start()) {
            Backbone b;
            boolean allow = allowNonFinite;
            if (config != null) {
                Config root = io.dckd.core.config.RunConfig.load(io.dckd.core.config.RunConfig.locate(config, a.home()), sets, a.reference());
                b = TrainingSetup.backbone(root, "network_g", a.components(), TrainingSetup.task(root, a.components()).scale());
                allow |= Weights.allowsNonFinite(root);
            } else {
                Config params = ConfigFactory.empty();
                if (scale != 1) {
                    params = params.withValue("upscale", ConfigValueFactory.fromAnyRef(scale, "--scale"));
                }
                b = a.components().buildBackbone(ComponentSpec.of(backbone, params));
            }
            try (Network net = Network.create("restore", b, Device.cpu(), 0, false, 16)) {
                try (var m = net.manager().newSubManager()) {
                    net.load(Weights.loader(allow).read(m, weights, paramKey), true, weights.toString());
                }
                TiledRestorer restorer = new TiledRestorer(net, tile, tileOverlap);
                List<Path> inputs = inputs();
                boolean folder = Files.isDirectory(input);
                if (folder) {
                    Files.createDirectories(output);
                }
                for (Path in : inputs) {
                    RgbImage lq = ImageFiles.read(in);
                    long t0 = System.nanoTime();
                    RgbImage out = restorer.restore(lq);
                    double ms = (System.nanoTime() - t0) / 1e6;
                    Path target = folder ? output.resolve(stem(in) + ".png") : output;
                    write(out, target, net);
                    System.out.printf("%s -> %s (%dx%d -> %dx%d, %.0f ms)%n", in, target, lq.width(), lq.height(), out.width(), out.height(), ms);
                }
            }
        }
        return 0;
    }

    private void write(RgbImage img, Path target, Network net) throws IOException {
        if (target.getParent() != null) {
            Files.createDirectories(target.getParent());
        }
        if (target.toString().endsWith(".safetensors")) {
            try (var m = net.manager().newSubManager()) {
                var arr = io.dckd.core.train.ImageTensors.toArray(m, img);
                SafeTensors.write(Map.of("output", arr), target);
            }
        } else {
            ImageFiles.write(img, target);
        }
    }

    private List<Path> inputs() throws IOException {
        if (Files.isRegularFile(input)) {
            return List.of(input);
        }
        if (!Files.isDirectory(input)) {
            throw new Dckd.UsageException("--input: no such file or folder: " + input);
        }
        try (Stream<Path> s = Files.list(input)) {
            List<Path> list = s.filter(p -> p.getFileName().toString().toLowerCase().matches(".*\\.(png|jpe?g|bmp)$")).sorted().toList();
            if (list.isEmpty()) {
                throw new Dckd.UsageException("--input: no PNG/JPEG images in " + input);
            }
            return list;
        }
    }

    private static String stem(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
