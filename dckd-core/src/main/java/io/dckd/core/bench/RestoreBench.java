package io.dckd.core.bench;

import ai.djl.Device;
import com.typesafe.config.ConfigFactory;
import io.dckd.core.image.RgbImage;
import io.dckd.core.infer.OnnxGeometry;
import io.dckd.core.infer.OnnxImageModel;
import io.dckd.core.infer.TiledRestorer;
import io.dckd.core.onnx.OnnxRenderer;
import io.dckd.core.onnx.OnnxRuntimeModel;
import io.dckd.core.registry.Components;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.train.Network;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * {@code dckd bench --mode restore}: inference throughput of a preset (random weights) through
 * {@link TiledRestorer}, as {@code dckd restore} runs it, on a random side×side LR image: warm-up,
 * then timed images; median/min/max ms per image, images per second, resident memory. The same
 * network exported to ONNX on the fly is timed in ONNX Runtime next to it ({@code ort_*}).
 *
 * @param threads the engine's intra-op thread count, for the report
 */
public record RestoreBench(Components components, Device device, int threads) {

    /** The opset of the on-the-fly export, {@code dckd export}'s default. */
    private static final int EXPORT_OPSET = 17;

    /**
     * @param side LR image side (the benchmark's {@code --patch}, 256 by default for this mode)
     * @param tile tile side for {@link TiledRestorer} (0: whole image)
     */
    public Map<String, Object> run(String preset, int scale, int side, int tile, int overlap, int warmup, int images, long seed,
                                   Consumer<String> progress) {
        var spec = ComponentSpec.of(preset, ConfigFactory.parseMap(scale == 1 ? Map.of() : Map.of("upscale", scale)));
        try (Network net = Network.create("restore", components.buildBackbone(spec), device, seed, false, Math.min(side, 64))) {
            SplittableRandom rng = new SplittableRandom(seed);
            float[] chw = new float[3 * side * side];
            for (int i = 0; i < chw.length; i++) {
                chw[i] = (float) rng.nextDouble();
            }
            RgbImage lq = new RgbImage(side, side, chw);
            TiledRestorer restorer = new TiledRestorer(net, tile, overlap);
            warm(restorer, lq, warmup);
            double rssAfterWarmup = Rss.mib();
            double[] ms = time(restorer, lq, images, "djl", progress);
            double median = StepBench.median(ms);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("mode", "restore");
            out.put("device", device.toString());
            out.put("network", preset);
            out.put("parameters", net.parameterCount());
            out.put("scale", scale);
            out.put("lr_side", side);
            out.put("tile", tile);
            out.put("tile_overlap", overlap);
            out.put("threads", threads);
            out.put("warmup", warmup);
            out.put("images", images);
            out.put("median_ms", median);
            out.put("min_ms", Arrays.stream(ms).min().orElse(Double.NaN));
            out.put("max_ms", Arrays.stream(ms).max().orElse(Double.NaN));
            out.put("images_per_s", 1000.0 / median);
            out.put("rss_mib_after_warmup", rssAfterWarmup);
            out.put("rss_mib_end", Rss.mib());
            out.putAll(onnxRuntime(net, lq, tile, overlap, warmup, images, progress));
            return out;
        }
    }

    /**
     * The same network exported on the fly ({@link OnnxRenderer}) and timed in ONNX Runtime through
     * the same tiling, on the same number of intra-op threads: {@code ort_median_ms}, ... or
     * {@code ort_skipped} with the reason when the architecture has no ONNX rendering.
     */
    private Map<String, Object> onnxRuntime(Network net, RgbImage lq, int tile, int overlap, int warmup, int images,
                                            Consumer<String> progress) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (!device.equals(Device.cpu())) {
            out.put("ort_skipped", "ONNX Runtime runs on the CPU here, the network on " + device);
            return out;
        }
        byte[] model;
        try {
            // the graph dckd export writes (with its size-multiple padding)
            model = OnnxRenderer.render(net.backbone(), EXPORT_OPSET, 3).model("bench", Map.of()).toByteArray();
        } catch (IllegalArgumentException e) {
            out.put("ort_skipped", "no ONNX rendering: " + e.getMessage());
            return out;
        }
        OnnxRuntimeModel ort = OnnxRuntimeModel.of(model, threads);
        try (OnnxImageModel onnx = new OnnxImageModel(ort, OnnxGeometry.of(model), net.scale(), net.backbone().sizeMultiple())) {
            TiledRestorer restorer = new TiledRestorer(onnx, tile, overlap);
            warm(restorer, lq, warmup);
            double[] ms = time(restorer, lq, images, "onnxruntime", progress);
            out.put("ort_median_ms", StepBench.median(ms));
            out.put("ort_min_ms", Arrays.stream(ms).min().orElse(Double.NaN));
            out.put("ort_max_ms", Arrays.stream(ms).max().orElse(Double.NaN));
            out.put("ort_images_per_s", 1000.0 / StepBench.median(ms));
            out.put("ort_rss_mib_end", Rss.mib());
        }
        return out;
    }

    private static void warm(TiledRestorer restorer, RgbImage lq, int warmup) {
        for (int i = 0; i < warmup; i++) {
            restorer.restore(lq);
        }
    }

    /** Milliseconds of each of {@code images} timed restores. */
    private static double[] time(TiledRestorer restorer, RgbImage lq, int images, String label, Consumer<String> progress) {
        double[] ms = new double[images];
        for (int i = 0; i < images; i++) {
            long t0 = System.nanoTime();
            restorer.restore(lq);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            progress.accept(String.format(Locale.ROOT, "%s image %d/%d %.1f ms", label, i + 1, images, ms[i]));
        }
        return ms;
    }
}
