package io.dckd.backbones;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.dckd.backbones.kit.Backbones;
import io.dckd.core.nn.TorchNames;
import io.dckd.core.spi.Backbone;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Prints the eval forward time of each preset on one 64×64 LR input (batch 1, median of
 * {@code dckd.bench.runs} (5) after {@code dckd.bench.warmup} (2) warm-up runs). Not a unit test: it runs only with {@code -Ddckd.bench=true}, and asserts nothing.
 * Presets to time: {@code -Ddckd.bench.presets=rcan-s,swinir-s}; scale: {@code -Ddckd.bench.scale=4}.
 */
class ForwardTimingBenchmark {

    @Test
    void timeForwardPerPreset() {
        Assumptions.assumeTrue(Boolean.getBoolean("dckd.bench"), "set -Ddckd.bench=true to run");
        String[] presets = System.getProperty("dckd.bench.presets", "rcan-s,rcan-t,swinir-s,edsr-t,rcan,swinir-m").split(",");
        int scale = Integer.getInteger("dckd.bench.scale", 4);
        int warmup = Integer.getInteger("dckd.bench.warmup", 2);
        int runs = Integer.getInteger("dckd.bench.runs", 5);
        for (String preset : presets) {
            try (NDManager m = NDManager.newBaseManager()) {
                Backbone b = Backbones.build(TestNets.factory(preset), TestNets.spec(preset, "upscale = " + scale), m, 64, 64);
                NDArray x = m.randomUniform(0f, 1f, new Shape(1, 3, 64, 64));
                double[] ms = new double[warmup + runs];
                for (int i = 0; i < ms.length; i++) {
                    try (NDManager step = m.newSubManager()) {
                        NDArray in = x.duplicate();
                        in.attach(step);
                        long t0 = System.nanoTime();
                        NDArray y = b.block().forward(new ParameterStore(step, false), new NDList(in), false).head();
                        y.toFloatArray(); // force completion
                        ms[i] = (System.nanoTime() - t0) / 1e6;
                    }
                }
                double[] timed = Arrays.copyOfRange(ms, warmup, ms.length);
                Arrays.sort(timed);
                System.out.printf("BENCH %-13s x%d  %,11d params  64x64 -> %dx%d  median %8.1f ms  (runs %s)%n", preset, scale,
                        TorchNames.count(b.block()), 64 * b.scale(), 64 * b.scale(), timed[timed.length / 2],
                        Arrays.toString(Arrays.stream(timed).map(v -> Math.round(v * 10) / 10.0).toArray()));
            }
        }
    }
}
