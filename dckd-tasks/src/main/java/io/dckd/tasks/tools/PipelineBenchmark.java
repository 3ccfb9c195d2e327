package io.dckd.tasks.tools;

import com.typesafe.config.ConfigFactory;
import io.dckd.core.data.BatchSource;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.RestorationTask;
import io.dckd.tasks.data.TrainOptions;
import io.dckd.tasks.task.SrTask;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Measures the training data pipeline: patches per second of {@code sr} ×4 training pairs (48×48 LR,
 * 192×192 GT), batch 16, from GT images in a folder (SingleImageDataset, LR precomputed at load),
 * with the given number of worker threads. Usage: {@code PipelineBenchmark <gt folder> [workers] [batches]}.
 */
public final class PipelineBenchmark {
    private PipelineBenchmark() {}

    public static void main(String[] args) {
        Path gt = Path.of(args.length > 0 ? args[0] : "/work/shared/data/natural/train");
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int batches = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        RestorationTask sr = new SrTask().create(ComponentSpec.of("sr", ConfigFactory.parseString("scale = 4")));
        long t0 = System.nanoTime();
        TrainOptions o = TrainOptions.from(ConfigFactory.parseString("type = SingleImageDataset, gt_size = 192, "
                + "batch_size_per_gpu = 16, num_worker_per_gpu = " + workers + ", dataroot_gt = \"" + gt + "\""), "datasets.train", 4);
        try (BatchSource src = sr.trainingBatches(o.section(), 0)) {
            src.next();
            long t1 = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                src.next();
            }
            long t2 = System.nanoTime();
            for (int i = 0; i < batches; i++) {
                src.next();
            }
            long t3 = System.nanoTime();
            System.out.printf(Locale.ROOT, "open + first batch: %.2f s; steady state: %.1f patches/s (%.1f batches/s of 16, "
                    + "48x48 LR x4, %d workers, %d cores available)%n", (t1 - t0) / 1e9, batches * 16 / ((t3 - t2) / 1e9),
                    batches / ((t3 - t2) / 1e9), o.workers(), Runtime.getRuntime().availableProcessors());
        }
    }
}
