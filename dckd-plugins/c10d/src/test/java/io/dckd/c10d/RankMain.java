package io.dckd.c10d;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.dckd.core.data.Batch;
import io.dckd.core.nn.TorchAdam;
import io.dckd.core.parallel.DataShard;
import io.dckd.core.parallel.GradientAllReduce;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One rank of the tests' data-parallel run, in its own JVM (as {@code torchrun} starts one process per
 * device): a two-conv network with fixed initial weights, {@code steps} steps of L1 loss + Adam on this
 * rank's shard of a seeded batch, gradients averaged over the ranks; writes the final weights.
 *
 * <p>Arguments: weights-file rank world port steps per-rank-batch [step-at-which-this-rank-dies].
 * Exit codes: 0 done, 2 the group failed (message on stderr), 3 died on purpose.
 */
public final class RankMain {

    static final int SIZE = 8;

    private RankMain() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        int rank = Integer.parseInt(args[1]);
        int world = Integer.parseInt(args[2]);
        int port = Integer.parseInt(args[3]);
        int steps = Integer.parseInt(args[4]);
        int perRank = Integer.parseInt(args[5]);
        int dieAt = args.length > 6 ? Integer.parseInt(args[6]) : -1;
        C10d.load();
        try (GradientAllReduce ranks = world == 1 ? GradientAllReduce.single()
                : new GlooGradientAllReduce(new GlooProcessGroup("127.0.0.1", port, rank, world, Duration.ofSeconds(20)));
             NDManager m = NDManager.newBaseManager()) {
            SequentialBlock net = new SequentialBlock()
                    .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(8).build())
                    .add(Activation::relu)
                    .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(3).build());
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, SIZE, SIZE));
            Map<String, Parameter> params = new LinkedHashMap<>();
            Random init = new Random(7);
            for (var p : net.getParameters()) {
                NDArray a = p.getValue().getArray();
                float[] v = new float[(int) a.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (init.nextGaussian() * 0.2);
                }
                a.set(v);
                a.setRequiresGradient(true);
                params.put(p.getKey(), p.getValue());
            }
            TorchAdam adam = new TorchAdam(params, m, 0.9, 0.999, 1e-8, 0, false);
            ParameterStore store = new ParameterStore(m, false);
            DataShard shard = new DataShard(rank, world);
            for (int step = 0; step < steps; step++) {
                Batch mine = shard.of(batch(step, shard.globalBatch(perRank)));
                try (NDManager s = m.newSubManager()) {
                    NDArray x = s.create(mine.lq(), new Shape(mine.size(), 3, SIZE, SIZE));
                    NDArray y = s.create(mine.gt(), new Shape(mine.size(), 3, SIZE, SIZE));
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray pred = net.forward(store, new NDList(x), true).singletonOrThrow();
                        gc.backward(pred.sub(y).abs().mean());
                    }
                    if (step == dieAt) {
                        System.err.println("rank " + rank + " dies at step " + step);
                        Runtime.getRuntime().halt(3);
                    }
                    List<NDArray> grads = new ArrayList<>();
                    for (Parameter p : params.values()) {
                        grads.add(p.getArray().getGradient());
                    }
                    try {
                        ranks.average(grads, false);
                    } catch (IllegalStateException e) {
                        System.err.println("FAILED: " + e.getMessage());
                        System.exit(2);                                // Gloo's threads may hang on close after a failure
                    }
                    adam.step(1e-3);
                    for (NDArray g : grads) {
                        g.set(new NDIndex("..."), 0f);
                        g.close();
                    }
                }
            }
            try (DataOutputStream o = new DataOutputStream(Files.newOutputStream(out))) {
                for (Parameter p : params.values()) {
                    for (float f : p.getArray().toFloatArray()) {
                        o.writeFloat(f);
                    }
                }
            }
        }
        System.exit(0);
    }

    /** The seeded global batch of iteration {@code step}: what one process draws with batch {@code n}. */
    static Batch batch(int step, int n) {
        Random r = new Random(1000 + step);
        float[] lq = new float[n * 3 * SIZE * SIZE];
        float[] gt = new float[lq.length];
        for (int i = 0; i < lq.length; i++) {
            lq[i] = r.nextFloat();
            gt[i] = 1 - lq[i] * lq[i];
        }
        return new Batch(n, SIZE, SIZE, lq, SIZE, SIZE, gt);
    }
}
