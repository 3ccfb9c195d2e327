package io.dckd.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.dckd.core.io.SafeTensors;
import io.dckd.core.train.CheckpointStore;
import io.dckd.core.train.MetricsLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The trainer's guards, driven by a real plugin jar whose loss term ({@code faulty:FaultyLoss})
 * returns NaN, gives a finite loss with NaN gradients, or throws, at chosen iterations.
 */
class NonFiniteStepTest {

    @RegisterExtension
    static final TinyRun tiny = TinyRun.perClass();

    /** A LossTerm plugin: mean |student - gt|, except at the configured iterations. */
    static final String FAULTY = """
            package org.acme.faulty;
            import io.dckd.core.spi.*; import ai.djl.ndarray.NDArray; import com.typesafe.config.Config; import java.util.*;
            @org.pf4j.Extension public class FaultyLoss implements LossTerm {
              public String type() { return "FaultyLoss"; }
              static Set<Long> at(Config c, String key) { return new HashSet<>(c.hasPath(key) ? c.getLongList(key) : List.of()); }
              public WeightedTerm create(ComponentSpec spec) {
                Config c = spec.params();
                double w = c.hasPath("loss_weight") ? c.getDouble("loss_weight") : 1.0;
                Set<Long> nanLoss = at(c, "nan_loss_at"), nanGrad = at(c, "nan_grad_at"), fail = at(c, "throw_at");
                return new WeightedTerm() {
                  public String name() { return "l_faulty"; }
                  public double weight() { return w; }
                  public List<StepInput> inputs() { return List.of(StepInput.STUDENT, StepInput.GT); }
                  public NDArray compute(StepContext ctx) {
                    NDArray s = ctx.student();
                    NDArray gt = ctx.gt();
                    long it = ctx.iteration();
                    if (fail.contains(it)) { throw new IllegalStateException("faulty term broke on purpose"); }
                    if (nanLoss.contains(it)) { return s.sub(gt).abs().mean().mul(Float.NaN); }
                    if (nanGrad.contains(it)) { return s.sub(s).sqrt().mean(); } // value 0, gradient 0 * inf = NaN
                    return s.sub(gt).abs().mean();
                  }
                };
              }
            }
            """;

    @BeforeAll
    static void setUp() throws Exception {
        PluginJars.build(tiny.home.resolve("plugins"), "faulty", ">=0.1.0", null,
                Map.of("org.acme.faulty.FaultyLoss", FAULTY), List.of("org.acme.faulty.FaultyLoss"));
    }

    @Test
    void nonFiniteLossAndNonFiniteGradientsSkipTheStepAndAreCounted() throws Exception {
        TinyRun.Result r = tiny.train("--set", "name=skips", "--set", "train.faulty_opt.type=\"faulty:FaultyLoss\"",
                "--set", "train.faulty_opt.nan_loss_at=[3]", "--set", "train.faulty_opt.nan_grad_at=[5]");
        assertEquals(0, r.code(), r.err());
        Path run = tiny.run("skips");
        List<Map<String, Object>> recs = MetricsLog.read(run.resolve("metrics.jsonl"));
        List<Map<String, Object>> skips = recs.stream().filter(m -> "skip".equals(m.get("kind"))).toList();
        assertEquals(2, skips.size(), skips.toString());
        assertEquals(3.0, skips.get(0).get("iter"));
        assertTrue(skips.get(0).get("reason").toString().contains("loss term l_faulty = NaN"), skips.toString());
        assertEquals(5.0, skips.get(1).get("iter"));
        assertTrue(skips.get(1).get("reason").toString().contains("non-finite gradient of"), skips.toString());
        List<Double> trained = recs.stream().filter(m -> "train".equals(m.get("kind"))).map(m -> (Double) m.get("iter")).toList();
        assertEquals(List.of(1.0, 2.0, 4.0, 6.0, 7.0, 8.0), trained, "skipped steps leave no averaged train record");
        Map<String, Object> lastTrain = recs.stream().filter(m -> "train".equals(m.get("kind"))).reduce((a, b) -> b).orElseThrow();
        assertEquals(2.0, lastTrain.get("skipped_steps"));
        assertTrue(lastTrain.get("l_faulty") instanceof Double d && Double.isFinite(d), lastTrain.toString());

        List<Map<String, Object>> meters = MetricsLog.read(run.resolve("meters.jsonl"));
        assertEquals(2.0, meters.get(meters.size() - 1).get("dckd.steps.skipped"), meters.get(meters.size() - 1).toString());
        String log = Files.readString(run.resolve("train.log"));
        assertTrue(log.contains("iteration 3: non-finite loss term l_faulty = NaN"), log);
        assertTrue(log.contains("iteration 5: finite loss but non-finite gradient of"), log);

        try (NDManager m = NDManager.newBaseManager()) {
            for (NDArray a : SafeTensors.read(m, run.resolve("models/net_g.safetensors")).values()) {
                assertTrue(a.isNaN().logicalOr(a.isInfinite()).none().getBoolean(), "weights stay finite");
            }
        }
    }

    @Test
    void tooManyBadStepsInARowStopWithTheLastGoodCheckpointIntact() throws Exception {
        TinyRun.Result r = tiny.train("--set", "name=diverged", "--set", "train.faulty_opt.type=\"faulty:FaultyLoss\"",
                "--set", "train.faulty_opt.nan_loss_at=[5,6,7,8]", "--set", "train.max_bad_steps=3");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("training stopped: 3 bad steps in a row (non-finite or exploding; train.max_bad_steps = 3), the last at iteration 7"), r.err());
        // iteration 6 was skipped too, but its checkpoint holds the (finite) weights of iteration 4 and the data
        // position of 6: resuming from it continues exactly as the uninterrupted run would
        assertTrue(r.err().contains("last good checkpoint (iteration 6) is intact"), r.err());
        CheckpointStore store = new CheckpointStore(tiny.run("diverged").resolve("checkpoints"), 2);
        assertEquals(6, store.latest().orElseThrow().iter());
        try (NDManager m = NDManager.newBaseManager()) {
            assertTrue(store.latest().orElseThrow().read(m, "net_g").size() > 0);
        }
    }

    @Test
    void aPluginThatThrowsDuringAStepIsNamedWithTheIteration() {
        TinyRun.Result r = tiny.train("--set", "name=thrower", "--set", "train.faulty_opt.type=\"faulty:FaultyLoss\"",
                "--set", "train.faulty_opt.throw_at=[3]");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("plugin faulty@1.0.0 failed during iteration 3: IllegalStateException: faulty term broke on purpose"), r.err());
        assertTrue(r.err().contains("last good checkpoint (iteration 2) is intact"), r.err());
    }
}
