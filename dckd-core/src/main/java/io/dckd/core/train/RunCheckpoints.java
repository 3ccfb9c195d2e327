package io.dckd.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run's checkpoints: what a checkpoint holds (weights, EMA weights, Adam's moments and step count,
 * the data position, the listeners' networks and state) and exact resume from it. No
 * random-generator state is needed: the batch of position {@code b} is drawn from a stream seeded by
 * (seed, b) and the distillation randomness from (seed, iteration). Records of {@code metrics.jsonl}
 * and {@code meters.jsonl} past the resumed checkpoint are dropped, so the files read as those of an
 * uninterrupted run.
 */
final class RunCheckpoints {

    private final TrainingLoop.Parts p;
    private final CheckpointStore store;
    private long lastGoodIter;

    RunCheckpoints(TrainingLoop.Parts parts) {
        this.p = parts;
        this.store = new CheckpointStore(parts.run().checkpoints(), parts.settings().keepLast());
    }

    /** The checkpoint store of this run. */
    CheckpointStore store() {
        return store;
    }

    /** Loads the newest valid checkpoint, if any; returns its iteration and skipped-step count (0, 0 for a fresh run). */
    long[] resume() throws IOException {
        var latest = store.latest();
        if (latest.isEmpty()) {
            return new long[] {0, 0};
        }
        CheckpointStore.Checkpoint c = latest.get();
        try (NDManager m = p.student().manager().newSubManager()) {
            p.student().load(c.read(m, "net_g"), true, c.dir() + "/net_g");
            p.ema().load(c.read(m, "net_g_ema"), true, c.dir() + "/net_g_ema");
            p.adam().restore(c.read(m, "optim_g"), ((Number) c.state().get("optim_steps")).longValue());
            for (TrainingListener l : p.listeners()) {
                for (Map.Entry<String, Network> e : l.checkpointed().entrySet()) {
                    if (!c.has(e.getKey())) {
                        // written by a dckd that did not keep it (net_g_best); the listener's state says so too
                        p.log().warn("checkpoint %s has no %s; it starts afresh", c.dir(), e.getKey());
                        continue;
                    }
                    e.getValue().load(c.read(m, e.getKey()), true, c.dir() + "/" + e.getKey());
                }
                l.restore(c.state());
            }
        }
        long position = ((Number) c.state().get("data_position")).longValue();
        p.data().skipTo(position);
        long skipped = c.state().get("skipped_steps") instanceof Number n ? n.longValue() : 0;
        MetricsLog.truncateAfter(p.run().metrics(), c.iter());
        MetricsLog.truncateAfter(p.run().meters(), c.iter());
        lastGoodIter = c.iter();
        p.log().info("resumed from %s at iteration %d (data position %d)", c.dir(), c.iter(), position);
        return new long[] {c.iter(), skipped};
    }

    /** Writes the checkpoint of iteration {@code it}; {@code stateFault} (null when all is well) refuses it. */
    void save(long it, long skippedSteps, String stateFault) {
        if (stateFault != null) {
            throw new TrainingStoppedException("iteration " + it + ": " + stateFault + "; checkpoint NOT written. "
                    + lastGood() + " Lower the learning rate, then continue with --resume.");
        }
        Map<String, Map<String, NDArray>> tensors = new LinkedHashMap<>();
        tensors.put("net_g", p.student().stateDict());
        tensors.put("net_g_ema", p.ema().stateDict());
        tensors.put("optim_g", p.adam().state());
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("optim_steps", p.adam().steps());
        state.put("data_position", p.data().position());
        state.put("skipped_steps", skippedSteps);
        for (TrainingListener l : p.listeners()) {
            l.checkpointed().forEach((k, n) -> tensors.put(k, n.stateDict()));
            state.putAll(l.state());
        }
        Path dir;
        try {
            dir = store.save(it, tensors, state);
        } catch (UncheckedIOException e) {
            throw new TrainingStoppedException(e.getMessage() + ". " + lastGood() + " Free space (or fix the folder's permissions), then continue with --resume.", e);
        }
        lastGoodIter = it;
        p.log().fileOnly("checkpoint %s", dir);
    }

    /** The iteration of the last checkpoint written or resumed from (0: none). */
    long lastGoodIter() {
        return lastGoodIter;
    }

    /** One sentence for error messages: where the last good checkpoint is. */
    String lastGood() {
        return lastGoodIter > 0
                ? "The last good checkpoint (iteration " + lastGoodIter + ") is intact in " + p.run().checkpoints() + "."
                : "No checkpoint was written yet in " + p.run().checkpoints() + ".";
    }
}
