package io.dckd.core.bench;

import ai.djl.Device;
import com.typesafe.config.ConfigFactory;
import io.dckd.core.image.RgbImage;
import io.dckd.core.infer.TiledRestorer;
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
 * then timed images; median/min/max ms per image, images per second, resident memory.
 *
 * @param threads the engine's intra-op thread count, for the report
 */
public record RestoreBench(Components components, Device device, int threads) {

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
            for (int i = 0; i < warmup; i++) {
                restorer.restore(lq);
            }
            double rssAfterWarmup = Rss.mib();
            double[] ms = new double[images];
            for (int i = 0; i < images; i++) {
                long t0 = System.nanoTime();
                restorer.restore(lq);
                ms[i] = (System.nanoTime() - t0) / 1e6;
                progress.accept(String.format(Locale.ROOT, "image %d/%d %.1f ms", i + 1, images, ms[i]));
            }
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
            return out;
        }
    }
}
