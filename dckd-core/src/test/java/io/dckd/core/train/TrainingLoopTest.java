package io.dckd.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dckd.core.data.Batch;
import io.dckd.core.data.BatchSource;
import io.dckd.core.distill.DistillationStep;
import io.dckd.core.nn.TorchAdam;
import io.dckd.core.spi.StepInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop's cadence (records every print_freq, checkpoints every save_checkpoint_freq) and exact resume from a checkpoint. */
class TrainingLoopTest {

    @TempDir
    Path tmp;

    /** Batch {@code b} is drawn from seed b, as the real sources do: position alone decides the data. */
    static final class SeededBatches implements BatchSource {
        private long position;

        public Batch next() {
            return TrainingStepTest.batch(position++);
        }

        public long position() {
            return position;
        }

        public void skipTo(long p) {
            position = p;
        }

        public void close() {}
    }

    /** Runs iterations up to {@code total} in {@code dir} (resuming when a checkpoint is there); returns the student's weights. */
    private float[] train(Path dir, long total) throws Exception {
        RunDirectory run = RunDirectory.open(dir, "run");
        try (Network student = TinyNetworks.network("student", 1, true); Network ema = TinyNetworks.network("ema", 1, false);
             RunLog log = new RunLog(run.log()); RunMeters meters = new RunMeters(List.of(), run.meters())) {
            ema.copyFrom(student);
            TorchAdam adam = new TorchAdam(student.parameters(), student.manager(), 0.9, 0.99, 1e-8, 0, false);
            Objective objective = Objective.of(List.of(TinyNetworks.l1("l_pix", StepInput.STUDENT, StepInput.GT, -1)));
            DistillationStep none = DistillationStep.none();
            TrainingLoop.Settings settings = new TrainingLoop.Settings(total, 0.9, 2, Integer.MAX_VALUE, 3, 2, ProgressMode.OFF,
                    false, 10, Divergence.defaults());
            TrainingLoop loop = new TrainingLoop(new TrainingLoop.Parts(student, ema, objective, adam, new MultiStepLR(1e-2, new long[0], 1),
                    new SeededBatches(), new Validator(null, List.of(), Map.of()), run, log, meters, none, List.of(none), settings));
            loop.run(loop.resume());
            loop.closeLogs();
            return student.parameters().get("weight").getArray().toFloatArray();
        }
    }

    @Test
    void aRunStoppedAtACheckpointAndResumedEndsWithTheWeightsOfAnUninterruptedOne() throws Exception {
        float[] straight = train(tmp.resolve("a"), 6);
        train(tmp.resolve("b"), 3);
        float[] resumed = train(tmp.resolve("b"), 6);
        assertArrayEquals(straight, resumed, 0f);
        List<String> records = Files.readAllLines(tmp.resolve("a/run/metrics.jsonl"));
        assertEquals(3, records.stream().filter(l -> l.contains("\"kind\":\"train\"")).count(), "iterations 2, 4, 6: " + records);
        assertTrue(Files.isDirectory(tmp.resolve("a/run/checkpoints")));
        // the first leg logged its last iteration (3) too; nothing past the checkpoint it resumed from is repeated
        assertEquals(List.of(2L, 3L, 4L, 6L), trainIterations(tmp.resolve("b/run/metrics.jsonl")));
    }

    private static List<Long> trainIterations(Path metrics) throws Exception {
        List<Long> its = new java.util.ArrayList<>();
        for (String l : Files.readAllLines(metrics)) {
            if (l.contains("\"kind\":\"train\"")) {
                its.add(((Number) MetricsLog.parse(l).get("iter")).longValue());
            }
        }
        return its;
    }
}
