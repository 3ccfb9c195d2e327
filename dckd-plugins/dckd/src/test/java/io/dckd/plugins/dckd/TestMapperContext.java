package io.dckd.plugins.dckd;

import ai.djl.Device;
import io.dckd.core.data.Batch;
import io.dckd.core.data.BatchSource;
import io.dckd.core.io.WeightsLoader;
import io.dckd.core.registry.Presets;
import io.dckd.core.spi.Backbone;
import io.dckd.core.spi.BackboneFactory;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.DistributionMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * A small {@link DistributionMapper.MapperContext} for tests: backbones through the
 * {@link BackboneFactory} services on the class path and the reference presets ({@link Presets}), safetensors weights, random crops of given images.
 */
public final class TestMapperContext implements DistributionMapper.MapperContext {

    private final Path stage;
    private final List<float[][]> images;
    private final long seed;
    public final List<String> log = new ArrayList<>();

    /**
     * @param images source images as {chw, {width, height}}: float[0] = CHW data, float[1] = {w, h}
     */
    public TestMapperContext(Path stage, List<float[][]> images, long seed) {
        this.stage = stage;
        this.images = images;
        this.seed = seed;
    }

    /** Smooth synthetic images (sums of random sinusoids and a gradient), enough to train a tiny VQ. */
    public static List<float[][]> syntheticImages(int count, int size, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<float[][]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] chw = new float[3 * size * size];
            for (int c = 0; c < 3; c++) {
                double fx = 1 + rng.nextDouble() * 6;
                double fy = 1 + rng.nextDouble() * 6;
                double ph = rng.nextDouble() * 6.28;
                double tilt = rng.nextDouble();
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        double v = 0.5 + 0.3 * Math.sin(fx * x / size * 6.28 + ph) * Math.cos(fy * y / size * 6.28)
                                + 0.2 * (tilt - 0.5) * (x + y) / size;
                        chw[(c * size + y) * size + x] = (float) Math.min(1, Math.max(0, v));
                    }
                }
            }
            out.add(new float[][] {chw, {size, size}});
        }
        return out;
    }

    @Override
    public Backbone buildBackbone(ComponentSpec spec) {
        ComponentSpec resolved = Presets.fromReference(TestMapperContext.class.getClassLoader()).resolve(spec);
        for (BackboneFactory f : ServiceLoader.load(BackboneFactory.class)) {
            if (f.type().equals(resolved.type())) {
                return f.create(resolved);
            }
        }
        throw new IllegalArgumentException("no backbone " + spec.type());
    }

    @Override
    public Device device() {
        return Device.cpu();
    }

    @Override
    public WeightsLoader weights() {
        return WeightsLoader.safetensorsOnly();
    }

    @Override
    public Path stageDirectory() {
        return stage;
    }

    @Override
    public BatchSource trainingImages(int patchSize, int batchSize, long seed) {
        return new CropSource(patchSize, batchSize, seed, i -> images.get(i));
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public void log(String message) {
        System.out.println(message);
        log.add(message);
    }

    /** Random crops (same patch as lq and gt), in the calling thread. */
    private final class CropSource implements BatchSource {
        private final int patch;
        private final int batch;
        private final SplittableRandom rng;
        private final IntFunction<float[][]> image;
        private long position;

        CropSource(int patch, int batch, long seed, IntFunction<float[][]> image) {
            this.patch = patch;
            this.batch = batch;
            this.rng = new SplittableRandom(seed);
            this.image = image;
        }

        @Override
        public Batch next() {
            float[] data = new float[batch * 3 * patch * patch];
            for (int b = 0; b < batch; b++) {
                float[][] img = image.apply(rng.nextInt(images.size()));
                int w = (int) img[1][0];
                int h = (int) img[1][1];
                int x0 = rng.nextInt(w - patch + 1);
                int y0 = rng.nextInt(h - patch + 1);
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < patch; y++) {
                        System.arraycopy(img[0], (c * h + y0 + y) * w + x0, data, ((b * 3 + c) * patch + y) * patch, patch);
                    }
                }
            }
            position++;
            return new Batch(batch, patch, patch, data, patch, patch, data);
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public void skipTo(long position) {
            while (this.position < position) {
                next();
            }
        }

        @Override
        public void close() {}
    }
}
