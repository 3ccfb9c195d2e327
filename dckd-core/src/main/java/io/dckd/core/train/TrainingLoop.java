package io.dckd.core.train;

import io.dckd.core.data.Batch;
import io.dckd.core.data.BatchSource;
import io.dckd.core.distill.DistillationStep;
import io.dckd.core.parallel.DataShard;
import io.dckd.core.parallel.GradientAllReduce;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import io.dckd.core.nn.TorchAdam;

/**
 * The training loop shared by supervised training and distillation (DJL's {@code EasyTrain.fit} to
 * the {@link TrainingStep}'s session): iterations {@code start+1 .. total_iter}, each one
 * {@link TrainingStep}, then the cadence of BasicSR's loop: a log line and a {@code metrics.jsonl}
 * record every {@code print_freq}, validation every {@code val_freq} ({@link ValidationRound}), a
 * checkpoint every {@code save_checkpoint_freq} ({@link RunCheckpoints}), and a stop at a signal
 * with a checkpoint of the last finished iteration.
 *
 * <p>Faults: a skipped step (see {@link StepGuard}) makes no update (the data position still
 * advances); it is logged with the first bad term or parameter, counted in {@code dckd.steps.skipped}
 * and written as a {@code {"kind":"skip"}} record; {@code train.max_bad_steps} skipped steps in a row
 * stop the run. A checkpoint that cannot be written, or a component that throws during a step (named
 * with its plugin when a plugin's code threw), stops the run with {@link TrainingStoppedException};
 * the last good checkpoint stays intact.
 */
public final class TrainingLoop {

    /** Everything a run needs, assembled by {@link TrainingSetup}. */
    public record Parts(Network student, Network ema, Objective objective, TorchAdam adam, MultiStepLR scheduler,
                        BatchSource data, Validator validator, RunDirectory run, RunLog log, RunMeters meters,
                        DistillationStep distill, List<TrainingListener> listeners, Settings settings) {
        /** {@code listeners} must hold {@code distill} too (its history model is checkpointed). */
        public Parts {
            if (!listeners.contains(distill)) {
                throw new IllegalArgumentException("the listeners must include the distillation step");
            }
            listeners = List.copyOf(listeners);
        }
    }

    /** Loop settings from {@code train}, {@code val} and {@code logger}. */
    public record Settings(long totalIter, double emaDecay, int printFreq, int valFreq, int checkpointFreq,
                           int keepLast, ProgressMode progress, boolean alsoRaw, int maxBadSteps, Divergence divergence) {}

    /** The final validation of a run. */
    public record Outcome(long iterations, Map<String, Validator.SetResult> ema, Map<String, Validator.SetResult> raw,
                          Map<String, Validator.SetResult> baseline, double secondsTotal, double medianStepMs) {}

    private final Parts p;
    private final TrainingStep step;
    private final RunCheckpoints checkpoints;
    private final ValidationRound validation;
    private MetricsLog metrics;
    private int badStepsInRow;
    private long skippedSteps;
    private long lastSavedIter = -1;
    private Function<Throwable, Optional<String>> blame = t -> Optional.empty();
    private DataShard shard;

    public TrainingLoop(Parts parts) {
        this.p = parts;
        Settings s = parts.settings();
        this.step = new TrainingStep(parts.student(), parts.ema(), s.emaDecay(), parts.objective(), parts.adam(), parts.scheduler(),
                parts.distill(), s.divergence());
        this.checkpoints = new RunCheckpoints(parts);
        this.validation = new ValidationRound(parts, this::metrics, checkpoints::lastGood);
    }

    /** Names the plugin ({@code id@version}) whose code threw, for step failures; by default no plugin is blamed. */
    public void blame(Function<Throwable, Optional<String>> culprit) {
        this.blame = culprit;
    }

    /**
     * Data parallel: each iteration's batch (drawn with the global size N·B) is cut to this rank's
     * {@link DataShard} and the step averages its gradients over {@code ranks} (see {@link GradientAllReduce}).
     */
    public void dataParallel(GradientAllReduce ranks) {
        this.shard = new DataShard(ranks.rank(), ranks.worldSize());
        step.dataParallel(ranks);
    }

    /** Steps skipped so far for non-finite losses or gradients. */
    public long skippedSteps() {
        return skippedSteps;
    }

    /** The iteration this loop runs (benchmarks probe it, e.g. {@link TrainingStep#termGradientNorms}). */
    public TrainingStep iteration() {
        return step;
    }

    /** Profiles every following step into {@code profile} (benchmarks). */
    public void profile(StepProfile profile) {
        step.profile(profile);
    }

    /** The checkpoint store of this run. */
    public CheckpointStore checkpoints() {
        return checkpoints.store();
    }

    private MetricsLog metrics() {
        if (metrics == null) {
            metrics = new MetricsLog(p.run().metrics());
        }
        return metrics;
    }

    /**
     * Resumes from the newest valid checkpoint if there is one; returns the iteration to continue
     * after. A fresh run (0) starts the distillation step's history model from the EMA student.
     */
    public long resume() throws IOException {
        long[] r = checkpoints.resume();
        skippedSteps = r[1];
        if (r[0] == 0) {
            p.distill().start(p.ema());
        }
        return r[0];
    }

    /** Runs iterations {@code start+1 .. total_iter}, then a final validation. */
    public Outcome run(long start) {
        Settings s = p.settings();
        p.log().info("Network [%s] %s: %,d parameters", p.student().backbone().type(), p.student().role(), p.student().parameterCount());
        p.log().info("Objective: %s", p.objective().render());
        p.log().info("Training iterations %d..%d", start + 1, s.totalIter());
        long t0 = System.nanoTime();
        double[] stepMs = new double[(int) Math.max(0, s.totalIter() - start)];
        LossAverage avg = new LossAverage();
        Map<String, Validator.SetResult> lastEma = Map.of();
        Map<String, Validator.SetResult> lastRaw = Map.of();
        try (StopRequest.Deferral deferral = StopRequest.deferToLoop();
             ProgressDisplay display = ProgressDisplay.open(s.progress(), start, s.totalIter())) {
            for (long it = start + 1; it <= s.totalIter(); it++) {
                long td = System.nanoTime();
                long dataNanos;
                long stepNanos;
                TrainingStep.Result r;
                int batchSize;
                try {
                    Batch batch = shard == null ? p.data().next() : shard.of(p.data().next());
                    batchSize = batch.size();
                    dataNanos = System.nanoTime() - td;
                    long ts = System.nanoTime();
                    r = step(batch, it);
                    stepNanos = System.nanoTime() - ts;
                } catch (TrainingStoppedException | RunInterruptedException e) {
                    throw e;
                } catch (RuntimeException | LinkageError | AssertionError e) {
                    throw stepFailure(it, e);
                }
                try {
                    stepMs[(int) (it - start - 1)] = stepNanos / 1e6;
                    if (r.applied()) {
                        p.meters().recordStep(stepNanos, dataNanos, batchSize, r.losses());
                        avg.add(r.losses());
                    }
                    display.step(it, r.losses());
                    if ((it % s.printFreq() == 0 || it == s.totalIter()) && !avg.isEmpty()) {
                        printRecord(it, avg, stepNanos, dataNanos, display);
                    }
                    boolean last = it == s.totalIter();
                    if (it % s.valFreq() == 0 || last) {
                        lastEma = validation.run(it, p.ema(), "ema");
                        if (s.alsoRaw()) {
                            lastRaw = validation.run(it, p.student(), "raw");
                        }
                        validation.plot();
                    }
                    if (it % s.checkpointFreq() == 0 || last) {
                        saveCheckpoint(it);
                    }
                    if (StopRequest.pending() != null) {
                        throw stopBySignal(it);
                    }
                } catch (UncheckedIOException e) {
                    throw new TrainingStoppedException("iteration " + it + ": " + e.getMessage() + ". " + checkpoints.lastGood()
                            + " Free space, then continue with --resume.", e);
                }
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        double[] sorted = stepMs.clone();
        Arrays.sort(sorted);
        double median = sorted.length == 0 ? 0 : sorted[sorted.length / 2];
        if (lastEma.isEmpty()) {
            lastEma = validation.run(s.totalIter(), p.ema(), "ema");
            lastRaw = s.alsoRaw() ? validation.run(s.totalIter(), p.student(), "raw") : Map.of();
        }
        return new Outcome(s.totalIter(), lastEma, lastRaw, p.validator().baseline(), secs, median);
    }

    /**
     * One iteration on {@code batch} (public for benchmarks) with its fault handling: a refused step
     * is counted and recorded, too many in a row or diverged weights stop the run.
     */
    public TrainingStep.Result step(Batch batch, long it) {
        TrainingStep.Result r = step.run(batch, it);
        if (!r.applied()) {
            skipped(it, r);
        } else {
            badStepsInRow = 0;
        }
        if (r.diverged() != null) {
            throw new TrainingStoppedException("the run diverged at iteration " + it + ": " + r.diverged()
                    + " after the update. No checkpoint is written from here on. " + checkpoints.lastGood()
                    + " Lower the learning rate (train.optim_g.lr) or the loss weights, then continue with --resume"
                    + " (train.divergence sets the limits).");
        }
        return r;
    }

    private void skipped(long it, TrainingStep.Result r) {
        badStepsInRow++;
        skippedSteps++;
        p.meters().stepSkipped();
        p.log().warn("iteration %d: %s (losses %s); step skipped, no update (%d in a row, %d in all)",
                it, r.skipped(), r.losses(), badStepsInRow, skippedSteps);
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("kind", "skip");
        rec.put("iter", it);
        rec.put("reason", r.skipped());
        rec.put("in_a_row", badStepsInRow);
        rec.put("skipped_steps", skippedSteps);
        metrics().write(rec);
        if (badStepsInRow >= p.settings().maxBadSteps()) {
            throw new TrainingStoppedException(badStepsInRow + " bad steps in a row (non-finite or exploding; train.max_bad_steps = "
                    + p.settings().maxBadSteps() + "), the last at iteration " + it + ": " + r.skipped() + "; stopping. "
                    + checkpoints.lastGood() + " Lower the learning rate or check the data and loss settings, then continue with --resume.");
        }
    }

    /** The {@code {"kind":"train"}} record and the {@code [iter N] ...} line: averages since the last one. */
    private void printRecord(long it, LossAverage avg, long stepNanos, long dataNanos, ProgressDisplay display) {
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("kind", "train");
        rec.put("iter", it);
        rec.put("lr", p.scheduler().lr(it));
        Map<String, Double> means = avg.means();
        rec.putAll(means);
        rec.put("step_ms", stepNanos / 1e6);
        rec.put("data_ms", dataNanos / 1e6);
        rec.put("skipped_steps", skippedSteps);
        metrics().write(rec);
        p.meters().publish(it);
        StringBuilder losses = new StringBuilder();
        means.forEach((k, v) -> losses.append(String.format(Locale.ROOT, "%s %.4e ", k, v)));
        String line = String.format(Locale.ROOT, "[iter %d] lr %.3e %s step %.1f ms data %.1f ms %s",
                it, p.scheduler().lr(it), losses.toString().trim(), stepNanos / 1e6, dataNanos / 1e6, display.eta(it));
        if (display.showsProgressLines()) {
            p.log().info(line);
        } else {
            p.log().fileOnly(line);
        }
        avg.clear();
    }

    private RuntimeException stepFailure(long it, Throwable e) {
        String cause = e instanceof UncheckedIOException ? IoFaults.describe(e)
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        String who = blame.apply(e).map(id -> "plugin " + id + " failed during iteration " + it + ": ")
                .orElse("training step failed during iteration " + it + ": ");
        return new TrainingStoppedException(who + cause + ". " + checkpoints.lastGood(), e);
    }

    /** Writes a checkpoint of iteration {@code it} (unless just written) and says how to continue. */
    private RunInterruptedException stopBySignal(long it) {
        String signal = StopRequest.pending();
        if (lastSavedIter != it && !StopRequest.aborting()) {
            saveCheckpoint(it);
        }
        String where = checkpoints.lastGoodIter() == it ? "checkpoint of iteration " + it + " written in " + p.run().checkpoints()
                : checkpoints.lastGood();
        return new RunInterruptedException(signal, "stopped by " + signal + " after iteration " + it + " of "
                + p.settings().totalIter() + "; " + where + "; resume with --resume");
    }

    private void saveCheckpoint(long it) {
        lastSavedIter = it;
        checkpoints.save(it, skippedSteps, step.stateFault(p.listeners()));
    }

    /** Closes the metrics file. Networks and data belong to the caller. */
    public void closeLogs() {
        if (metrics != null) {
            metrics.close();
        }
    }
}
