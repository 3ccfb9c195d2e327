package io.dckd.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.dckd.core.train.CheckpointStore;
import io.dckd.core.train.MetricsLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs that blow up without a single NaN: a learning rate of 1e10 (finite weights around 1e10 after
 * one step) stops at that step and leaves no model; a loss weight of 1e30 (finite gradients whose
 * squares overflow Adam's second moment) is refused step by step, so no optimizer state ever holds
 * Inf, and the run stops after {@code max_bad_steps}.
 */
class DivergenceTest {

    @RegisterExtension
    static final TinyRun tiny = TinyRun.perClass();

    @Test
    void aHugeLearningRateStopsAtTheFirstDivergedUpdateAndWritesNoModel() throws Exception {
        TinyRun.Result r = tiny.train("--set", "name=lr", "--set", "train.optim_g.lr=1e10");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("the run diverged at iteration 1: weight net_g."), r.err());
        assertTrue(r.err().contains("past the limit 1.00e+04 (train.divergence.max_abs_weight)"), r.err());
        assertTrue(r.err().contains("No checkpoint was written yet"), r.err());
        assertFalse(Files.exists(tiny.run("lr").resolve("models")), "no model of diverged weights");
        assertTrue(new CheckpointStore(tiny.run("lr").resolve("checkpoints"), 2).latest().isEmpty());
    }

    @Test
    void aHugeLossWeightIsRefusedBeforeAdamsMomentsOverflow() throws Exception {
        TinyRun.Result r = tiny.train("--set", "name=w", "--set", "train.pixel_opt.loss_weight=1e30",
                "--set", "train.max_bad_steps=3");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("3 bad steps in a row"), r.err());
        assertTrue(r.err().contains("Adam's second moment would overflow float32"), r.err());
        List<Map<String, Object>> skips = MetricsLog.read(tiny.run("w").resolve("metrics.jsonl")).stream()
                .filter(x -> "skip".equals(x.get("kind"))).toList();
        assertEquals(3, skips.size());
        // the checkpoint of iteration 2 holds the untouched start: Adam's moments zero, not Inf
        var latest = new CheckpointStore(tiny.run("w").resolve("checkpoints"), 2).latest().orElseThrow();
        try (NDManager m = NDManager.newBaseManager()) {
            for (NDArray a : latest.read(m, "optim_g").values()) {
                assertEquals(0f, a.abs().max().getFloat());
            }
        }
    }

    @Test
    void aDivergenceAfterAGoodCheckpointNamesThatCheckpointAndItHoldsFiniteBoundedState() throws Exception {
        // iterations 1..4 at a sane rate write checkpoints at 2 and 4; then a resume with lr 1e10 diverges at 5
        assertEquals(0, tiny.train("--set", "name=late", "--set", "train.total_iter=4").code());
        TinyRun.Result r = tiny.train("--set", "name=late", "--set", "train.total_iter=8", "--set", "train.optim_g.lr=1e10",
                "--set", "train.scheduler.milestones=[100]", "--resume");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("the run diverged at iteration 5"), r.err());
        assertTrue(r.err().contains("The last good checkpoint (iteration 4) is intact"), r.err());
        var latest = new CheckpointStore(tiny.run("late").resolve("checkpoints"), 2).latest().orElseThrow();
        assertEquals(4, latest.iter());
        try (NDManager m = NDManager.newBaseManager()) {
            for (String part : List.of("net_g", "net_g_ema", "optim_g")) {
                for (Map.Entry<String, NDArray> e : latest.read(m, part).entrySet()) {
                    float max = e.getValue().abs().max().getFloat();
                    assertTrue(Float.isFinite(max) && max < 1e4, part + "." + e.getKey() + " max " + max);
                }
            }
        }
    }
}
