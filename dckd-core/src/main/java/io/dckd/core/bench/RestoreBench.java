package io.dckd.core.bench;

import ai.djl.Device;
import com.typesafe.config.ConfigFactory;
import io.dckd.core.image.RgbImage;
import io.dckd.core.infer.ImageModel;
import io.dckd.core.infer.OnnxGeometry;
import io.dckd.core.infer.OnnxImageModel;
import io.dckd.core.infer.TiledRestorer;
import io.dckd.core.onnx.OnnxRenderer;
import io.dckd.core.onnx.OnnxRuntimeModel;
import io.dckd.core.onnx.OrtThreads;
import io.dckd.core.registry.Components;
import io.dckd.core.registry.UnknownComponentException;
import io.dckd.core.spi.Backbone;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.train.Network;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * {@code dckd bench --mode restore}: inference throughput through {@link TiledRestorer}, as
 * {@code dckd restore} runs it, on a random side×side LR image: warm-up, then timed images;
 * median/min/max ms per image, images per second, resident memory and its peak. Either a preset
 * (random weights) in DJL with the same network exported to ONNX on the fly next to it
 * ({@code ort_*}), or an existing ONNX model in ONNX Runtime with, where its metadata names the
 * architecture, that architecture in DJL next to it (random weights: timing only).
 *
 * @param threads libtorch's intra-op thread count, for the report
 * @param ortThreads the thread pools of the ONNX Runtime sessions this bench creates
 */
public record RestoreBench(Components components, Device device, int threads, OrtThreads ortThreads) {

    /** The opset of the on-the-fly export, {@code dckd export}'s default. */
    private static final int EXPORT_OPSET = 17;

    /**
     * What is restored and how often: a random side×side LR image from {@code seed}, whole
     * ({@code tile} 0) or in tiles, {@code warmup} untimed and {@code images} timed restores.
     *
     * @param side LR image side (the benchmark's {@code --patch}/{@code --size}, 256 by default for this mode)
     * @param tile tile side for {@link TiledRestorer} (0: whole image)
     */
    public record Workload(int side, int tile, int overlap, int warmup, int images, long seed) {

        RgbImage image() {
            SplittableRandom rng = new SplittableRandom(seed);
            float[] chw = new float[3 * side * side];
            for (int i = 0; i < chw.length; i++) {
                chw[i] = (float) rng.nextDouble();
            }
            return new RgbImage(side, side, chw);
        }
    }

    /** A preset with random weights in DJL, then exported on the fly and timed in ONNX Runtime. */
    public Map<String, Object> run(String preset, int scale, Workload w, Consumer<String> progress) {
        var spec = ComponentSpec.of(preset, ConfigFactory.parseMap(scale == 1 ? Map.of() : Map.of("upscale", scale)));
        PeakRss djlPeak = PeakRss.start();
        try (Network net = Network.create("restore", components.buildBackbone(spec), device, w.seed(), false, Math.min(w.side(), 64))) {
            RgbImage lq = w.image();
            Map<String, Object> out = header(preset, scale, w);
            out.put("parameters", net.parameterCount());
            out.put("threads", threads);
            out.put("weights", "random (timing only)");
            time(net, "", "djl", lq, w, progress, out);
            djlPeak.report("", out);
            out.putAll(onnxRuntime(net, lq, w, progress));
            return out;
        }
    }

    /**
     * An existing ONNX model in ONNX Runtime ({@code ort_*}), then, when {@code djl} is given, that
     * architecture with random weights in DJL through the same tiling (the file's weights are not
     * read into DJL: the DJL column is a timing of the architecture, not of the file).
     *
     * @param model the opened model, its session created with {@link #ortThreads}
     * @param sinceOpen started before the model's session was created, so its weights count in the ORT peak
     * @param source the model file, for the report
     * @param djl the architecture the model's metadata records, or null
     * @param djlSkipped why there is no DJL column, when {@code djl} is null
     */
    public Map<String, Object> run(OnnxImageModel model, PeakRss sinceOpen, String source, ComponentSpec djl, String djlSkipped,
                                   Workload w, Consumer<String> progress) {
        RgbImage lq = w.image();
        Map<String, Object> out = header(djl == null ? null : djl.type(), model.scale(), w);
        out.put("onnx_model", source);
        putOrtThreads(model.runtime().threads(), out);
        out.put("ort_precision", model.runtime().float16() ? "fp16" : "fp32");
        time(model, "ort_", "onnxruntime", lq, w, progress, out);
        sinceOpen.report("ort_", out);
        if (djl == null) {
            out.put("djl_skipped", djlSkipped);
            return out;
        }
        PeakRss djlPeak = PeakRss.start();
        Backbone backbone;
        try {
            backbone = components.buildBackbone(djl);
        } catch (UnknownComponentException e) {
            out.put("djl_skipped", "the architecture the metadata names is not installed: " + e.getMessage());
            return out;
        }
        out.put("threads", threads);
        out.put("weights", "random in DJL (timing only: the file's weights are not loaded into DJL), fp32");
        try (Network net = Network.create("restore", backbone, device, w.seed(), false, Math.min(w.side(), 64))) {
            if (net.scale() != model.scale()) {
                throw new IllegalStateException("the DJL " + djl.type() + " has scale " + net.scale() + ", the ONNX model " + model.scale());
            }
            out.put("parameters", net.parameterCount());
            time(net, "", "djl", lq, w, progress, out);
            djlPeak.report("", out);
        }
        return out;
    }

    /**
     * The same network exported on the fly ({@link OnnxRenderer}) and timed in ONNX Runtime through
     * the same tiling, on {@link #ortThreads}: {@code ort_median_ms}, ... or {@code ort_skipped} with
     * the reason when the architecture has no ONNX rendering.
     */
    private Map<String, Object> onnxRuntime(Network net, RgbImage lq, Workload w, Consumer<String> progress) {
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
        PeakRss peak = PeakRss.start();
        OnnxRuntimeModel ort = OnnxRuntimeModel.of(model, ortThreads);
        try (OnnxImageModel onnx = new OnnxImageModel(ort, OnnxGeometry.of(model), net.scale(), net.backbone().sizeMultiple())) {
            putOrtThreads(ort.threads(), out);
            time(onnx, "ort_", "onnxruntime", lq, w, progress, out);
            peak.report("ort_", out);
        }
        return out;
    }

    private static void putOrtThreads(OrtThreads t, Map<String, Object> out) {
        out.put("ort_intra_op_threads", t.intraOp());
        out.put("ort_inter_op_threads", t.interOp());
        out.put("ort_threads", t.toString());
    }

    /** The keys both kinds of run start with; {@code network} null: none named. */
    private Map<String, Object> header(String network, int scale, Workload w) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mode", "restore");
        out.put("device", device.toString());
        if (network != null) {
            out.put("network", network);
        }
        out.put("scale", scale);
        out.put("lr_side", w.side());
        out.put("tile", w.tile());
        out.put("tile_overlap", w.overlap());
        out.put("warmup", w.warmup());
        out.put("images", w.images());
        return out;
    }

    /**
     * Warms up, then times {@code w.images()} restores of {@code lq} by {@code model}; puts
     * {@code <prefix>median_ms}, min, max, images per second, the tile plan and the RSS after the
     * warm-up and at the end.
     */
    private static void time(ImageModel model, String prefix, String label, RgbImage lq, Workload w, Consumer<String> progress,
                             Map<String, Object> out) {
        TiledRestorer restorer = new TiledRestorer(model, w.tile(), w.overlap());
        for (int i = 0; i < w.warmup(); i++) {
            restorer.restore(lq);
        }
        double rssAfterWarmup = Rss.mib();
        int images = w.images();
        double[] ms = new double[images];
        for (int i = 0; i < images; i++) {
            long t0 = System.nanoTime();
            restorer.restore(lq);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            progress.accept(String.format(Locale.ROOT, "%s image %d/%d %.1f ms", label, i + 1, images, ms[i]));
        }
        double median = StepBench.median(ms);
        out.put(prefix + "tile_plan", restorer.plan().toString());
        out.put(prefix + "median_ms", median);
        out.put(prefix + "min_ms", Arrays.stream(ms).min().orElse(Double.NaN));
        out.put(prefix + "max_ms", Arrays.stream(ms).max().orElse(Double.NaN));
        out.put(prefix + "images_per_s", 1000.0 / median);
        out.put(prefix + "rss_mib_after_warmup", rssAfterWarmup);
        out.put(prefix + "rss_mib_end", Rss.mib());
    }
}
