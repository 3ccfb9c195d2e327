package io.dckd.backbones;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.dckd.core.nn.FreshInit;
import io.dckd.backbones.vqgan.VqganEncoder;
import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * Prints the median eval forward time (batch 1, 64×64, CPU, after warm-up) of vq-tiny (features
 * only / with distribution), nafnet-s and restormer-s. Not a test: run
 * {@code java -cp <test classpath> io.dckd.backbones.BackboneTiming [iterations]}.
 */
public final class BackboneTiming {

    private BackboneTiming() {}

    public static void main(String[] args) {
        int iters = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        Shape in = new Shape(1, 3, 64, 64);
        try (NDManager m = NDManager.newBaseManager()) {
            VqganEncoder vq = (VqganEncoder) init(Fixtures.preset("vq-tiny").block(), m, in);
            ParameterStore ps = new ParameterStore(m, false);
            time("vq-tiny features only", iters, m, in, (x, s) -> vq.encode(ps, x, false));
            time("vq-tiny features + distribution", iters, m, in, (x, s) -> vq.encode(ps, x, true));
            for (String preset : new String[] {"nafnet-s", "restormer-s"}) {
                Block b = init(Fixtures.preset(preset).block(), m, in);
                time(preset, iters, m, in, (x, s) -> b.forward(ps, new NDList(x), false));
            }
        }
    }

    private static Block init(Block b, NDManager m, Shape in) {
        b.initialize(m, DataType.FLOAT32, in);
        FreshInit.apply(b, 1);
        return b;
    }

    private static void time(String name, int iters, NDManager m, Shape in, BiConsumer<NDArray, NDManager> f) {
        double[] ms = new double[iters];
        for (int i = -5; i < iters; i++) {
            try (NDManager step = m.newSubManager()) {
                NDArray x = step.randomUniform(0, 1, in);
                long t0 = System.nanoTime();
                f.accept(x, step);
                if (i >= 0) {
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
        }
        Arrays.sort(ms);
        System.out.printf("%-34s median %.2f ms (min %.2f, %d runs, batch 1, 64x64, eval)%n", name, ms[iters / 2], ms[0], iters);
    }
}
