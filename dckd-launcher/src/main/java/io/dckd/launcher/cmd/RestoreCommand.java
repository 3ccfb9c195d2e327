package io.dckd.launcher.cmd;

import ai.djl.Device;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.dckd.core.image.Rgb8Raster;
import io.dckd.core.image.RgbImage;
import io.dckd.core.infer.FloatImageSink;
import io.dckd.core.infer.ImageModel;
import io.dckd.core.infer.MemoryBudgetException;
import io.dckd.core.infer.TilePlan;
import io.dckd.core.infer.TilePlanner;
import io.dckd.core.infer.TiledRestorer;
import io.dckd.core.io.SafeTensors;
import io.dckd.core.spi.Backbone;
import io.dckd.core.train.ArchitectureMatch;
import io.dckd.core.train.ImageTensors;
import io.dckd.core.train.Network;
import io.dckd.core.train.TrainingSetup;
import io.dckd.launcher.Dckd;
import io.dckd.launcher.DckdApp;
import io.dckd.launcher.Engines;
import io.dckd.launcher.Weights;
import io.dckd.tasks.io.ImageFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dckd restore}: runs a network on images of any size within a memory budget: whole when the
 * estimate fits, else in feathered tiles sized to fit; the output is assembled as 8-bit. Weights named
 * {@code *.onnx} ({@code dckd export}) run in ONNX Runtime through the same tiling ({@link ExportedModel}).
 */
@Command(name = "restore", mixinStandardHelpOptions = true, description = "Run a trained network on an image or a folder of images."
        + " The architecture: the weights' dckd metadata, or --backbone, or network_g of the run config -c."
        + " A model.onnx from dckd export runs in ONNX Runtime (scale from its metadata, else --scale).")
public final class RestoreCommand implements Callable<Integer> {

    /** {@code -c}: the run config whose {@code network_g} to use, instead of --backbone; neither: the weights' dckd metadata. */
    @Mixin
    ConfigOptions config;

    @Mixin
    TrainedWeightsOptions trained;

    @Option(names = "--input", required = true, description = "image file or folder")
    Path input;

    @Option(names = "--output", required = true, description = "output file or folder (.png/.jpg; .safetensors writes raw float output)")
    Path output;

    @Option(names = "--tile", defaultValue = "0", description = "tile size in input pixels; 0 (default) = automatic: the whole image if it fits --max-memory, else the largest tile that does")
    int tile;

    @Option(names = "--tile-overlap", defaultValue = "-1", description = "overlap between tiles in input pixels, with --tile; -1 (default) = cover the network's receptive field")
    int tileOverlap;

    @Option(names = "--max-memory", description = "memory budget of one image's restore (input, 8-bit output, tile forward), e.g. 1500m, 3g; default: a quarter of physical memory, at most 1536m")
    String maxMemory;

    @Option(names = "--threads", defaultValue = "0", description = "intra-op threads of the network's runtime: libtorch, or ONNX Runtime for"
            + " a model.onnx (with 1 inter-op thread); 0 (default) = the runtime's default")
    int threads;

    @Override
    public Integer call() throws Exception {
        if (threads < 0) {
            throw new Dckd.UsageException("--threads must be >= 0 (0: the runtime's default), not " + threads);
        }
        if (config.given() && trained.backbone != null) {
            throw new Dckd.UsageException("give at most one of -c/--config and --backbone");
        }
        if (!config.given() && !config.sets.isEmpty()) {
            throw new Dckd.UsageException("--set overrides keys of a run config: give one with -c/--config");
        }
        if (tile < 0 || (tile > 0 && tileOverlap >= tile)) {
            throw new Dckd.UsageException("--tile must be >= 0 and --tile-overlap smaller than --tile");
        }
        long budget = budget();
        if (ExportedModel.isOnnx(trained.weights)) {
            if (config.given() || trained.backbone != null) {
                throw new Dckd.UsageException((config.given() ? "-c/--config" : "--backbone") + " does not apply to " + trained.weights
                        + ": an ONNX model carries its network (give --scale only for a model without dckd metadata)");
            }
            try (DckdApp a = config.start()) {
                Engines.prepare();
                try (ExportedModel exported = ExportedModel.open(trained.weights, trained.scale, "--scale", "--scale", threads)) {
                    restoreAll(exported.model(), budget);
                }
            }
            return 0;
        }
        try (DckdApp a = config.start()) {
            Backbone b;
            boolean allow = trained.allowNonFinite;
            if (config.given()) {
                Config root = config.load(a);
                b = TrainingSetup.backbone(root, "network_g", a.components(), TrainingSetup.task(root, a.components()).scale());
                ArchitectureMatch.require(trained.weights, TrainingSetup.networkSpec(root, "network_g"), b.scale(), a.components(),
                        root.getValue("network_g").origin(), "network_g of " + config.config + " (with scale " + b.scale() + ")",
                        "leave -c out to use the file's architecture, or give weights trained with this config");
                allow |= Weights.allowsNonFinite(root);
            } else {
                b = a.components().buildBackbone(trained.architecture(a.components()));
            }
            if (threads > 0) {
                Engines.configureThreads(threads);
            } else {
                Engines.prepare();
            }
            try (Network net = Network.create("restore", b, Device.cpu(), 0, false, 16)) {
                try (var m = net.manager().newSubManager()) {
                    net.load(Weights.loader(allow).read(m, trained.weights, trained.paramKey), true, trained.weights.toString());
                }
                restoreAll(net, budget);
            }
        }
        return 0;
    }

    /** Restores every input with {@code net} (DJL or ONNX Runtime). */
    private void restoreAll(ImageModel net, long budget) throws IOException {
        TilePlanner planner = TilePlanner.of(net);
        List<Path> inputs = inputs();
        boolean folder = Files.isDirectory(input);
        if (folder) {
            Files.createDirectories(output);
        }
        for (Path in : inputs) {
            Path target = folder ? output.resolve(stem(in) + ".png") : output;
            restoreOne(planner, budget, net, in, target);
        }
    }

    private void restoreOne(TilePlanner planner, long budget, ImageModel net, Path in, Path target) throws IOException {
        RgbImage lq = ImageFiles.read(in);
        int s = net.scale();
        TiledRestorer restorer;
        try {
            TilePlan plan = tile > 0 ? TilePlan.explicit(tile, tileOverlap, planner.radius()) : planner.plan(lq.width(), lq.height(), budget);
            restorer = new TiledRestorer(net, plan);
        } catch (MemoryBudgetException e) {
            throw new Dckd.UsageException(in + ": " + e.getMessage() + "; raise --max-memory");
        }
        long t0 = System.nanoTime();
        try {
            if (target.toString().endsWith(".safetensors")) {
                FloatImageSink sink = new FloatImageSink(lq.width() * s, lq.height() * s);
                restorer.restore(lq, sink);
                writeRaw(sink.image(), target, net);
            } else {
                Rgb8Raster raster = new Rgb8Raster(lq.width() * s, lq.height() * s);
                restorer.restore(lq, raster);
                ImageFiles.write(raster, target);
            }
        } catch (OutOfMemoryError | IllegalArgumentException e) {
            throw new Dckd.UsageException(in + ": the " + lq.width() * s + "x" + lq.height() * s + " output does not fit (" + e.getMessage()
                    + "); give the JVM more heap (DCKD_JAVA_OPTS=-Xmx...) or restore a crop");
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        System.out.printf("%s -> %s (%dx%d -> %dx%d, %s, %.0f ms)%n", in, target, lq.width(), lq.height(), lq.width() * s, lq.height() * s,
                restorer.plan(), ms);
    }

    private long budget() {
        if (maxMemory == null) {
            return TilePlanner.defaultBudget();
        }
        try {
            return ConfigFactory.parseMap(Map.of("m", maxMemory)).getMemorySize("m").toBytes();
        } catch (ConfigException e) {
            throw new Dckd.UsageException("--max-memory: not a size like 1500m or 3g: " + maxMemory);
        }
    }

    private static void writeRaw(RgbImage img, Path target, ImageModel net) throws IOException {
        if (target.getParent() != null) {
            Files.createDirectories(target.getParent());
        }
        try (var m = net.manager().newSubManager()) {
            SafeTensors.write(Map.of("output", ImageTensors.toArray(m, img)), target);
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
