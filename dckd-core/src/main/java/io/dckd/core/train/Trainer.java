package io.dckd.core.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.dckd.core.data.Batch;
import io.dckd.core.data.BatchSource;
import io.dckd.core.spi.StepContext;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The training loop shared by supervised training and distillation, one BasicSR iteration at a
 * time: student forward (train mode) and objective inside one gradient recording, Adam update,
 * EMA update (the EMA copy is what is validated and exported), extension hooks (teacher,
 * negatives, history), logging, validation and checkpoints. Every step runs in its own NDManager
 * and NDScope, so resident memory stays flat.
 *
 * <p>Faults: a step whose loss terms or gradients hold NaN/Inf is skipped (no optimiser or EMA
 * update; the data position still advances), logged with the first non-finite term or parameter,
 * counted in {@code dckd.steps.skipped} and written to {@code metrics.jsonl} as a
 * {@code {"kind":"skip"}} record; {@code train.max_bad_steps} skipped steps in a row stop the run.
 * A checkpoint that cannot be written, or a component that throws during a step (named with its
 * plugin when a plugin's code threw), stops the run with {@link TrainingStoppedException}; the last
 * good checkpoint stays intact.
 *
 * <p>Exact resume: a checkpoint holds the weights, the EMA weights, Adam's moments and step count,
 * the data position and the extensions' state. No random-generator state is needed: the batch of
 * position {@code b} is drawn from a stream seeded by (seed, b) and the sample order from
 * (seed, epoch) ({@code dckd-tasks} {@code Seeds}/{@code SampleOrder}), and the distillation
 * randomness (label-consistency ops, negatives) from (seed, iteration) ({@link
 * io.dckd.core.distill.DistillationExtension}). Records of {@code metrics.jsonl} and
 * {@code meters.jsonl} past the resumed checkpoint are dropped on resume, so the files read as
 * those of an uninterrupted run.
 */
public final class Trainer {

    /** Everything a run needs, assembled by {@link TrainingSetup}. */
    public record Parts(Network student, Network ema, Objective objective, TorchAdam adam, MultiStepLR scheduler,
                        BatchSource data, Validator validator, RunDirectory run, RunLog log, RunMeters meters,
                        List<StepExtension> extensions, Settings settings) {}

    /** Loop settings from {@code train}, {@code val} and {@code logger}. */
    public record Settings(long totalIter, double emaDecay, int printFreq, int valFreq, int checkpointFreq,
                           int keepLast, ProgressMode progress, boolean alsoRaw, int maxBadSteps, Divergence divergence) {}

    /**
     * When a run counts as diverged ({@code train.divergence}): a weight (student, EMA, history) past
     * {@code maxAbsWeight} after an update stops the run; a step whose total loss exceeds
     * {@code lossFactor} times the median of the last {@code lossWindow} good steps is skipped as a
     * bad step ({@code lossFactor = 0}: off).
     */
    public record Divergence(double maxAbsWeight, double lossFactor, int lossWindow) {
        /** The defaults of {@code reference.conf}. */
        public static Divergence defaults() {
            return new Divergence(1e4, 1e3, 50);
        }
    }

    /** The final validation of a run. */
    public record Outcome(long iterations, Map<String, Validator.SetResult> ema, Map<String, Validator.SetResult> raw,
                          Map<String, Validator.SetResult> baseline, double secondsTotal, double medianStepMs) {}

    private final Parts p;
    private final CheckpointStore checkpoints;
    private MetricsLog metrics;
    private final boolean wantsStudentFeats;
    private int badStepsInRow;
    private long skippedSteps;
    private boolean lastStepSkipped;
    private long lastGoodIter;
    private long lastSavedIter = -1;
    private StepProfile profile;
    private final LossHistory lossHistory;
    private java.util.function.Function<Throwable, java.util.Optional<String>> blame = t -> java.util.Optional.empty();

    public Trainer(Parts parts) {
        this.p = parts;
        this.checkpoints = new CheckpointStore(parts.run().checkpoints(), parts.settings().keepLast());
        this.wantsStudentFeats = parts.objective().inputs().contains(StepContext.STUDENT_FEATS);
        this.lossHistory = new LossHistory(parts.settings().divergence().lossWindow());
        if (wantsStudentFeats && parts.student().backbone().featureTaps().isEmpty()) {
            throw new IllegalStateException("a loss term reads " + StepContext.STUDENT_FEATS + " but the student ["
                    + parts.student().backbone().type() + "] declares no feature taps; turn them on in network_g"
                    + " (e.g. feature_taps = true for RCAN)");
        }
    }

    /**
     * Names the plugin ({@code id@version}) whose code threw, for step failures; by default no
     * plugin is blamed.
     */
    public void blame(java.util.function.Function<Throwable, java.util.Optional<String>> culprit) {
        this.blame = culprit;
    }

    /** Steps skipped so far for non-finite losses or gradients. */
    public long skippedSteps() {
        return skippedSteps;
    }

    private MetricsLog metrics() {
        if (metrics == null) {
            metrics = new MetricsLog(p.run().metrics());
        }
        return metrics;
    }

    /** Profiles every following step into {@code profile} (benchmarks). */
    public void profile(StepProfile profile) {
        this.profile = profile;
    }

    /** The checkpoint store of this run. */
    public CheckpointStore checkpoints() {
        return checkpoints;
    }

    /**
     * Resumes from the newest valid checkpoint if there is one; returns the iteration to continue
     * after (0 for a fresh run).
     */
    public long resume() throws IOException {
        var latest = checkpoints.latest();
        if (latest.isEmpty()) {
            return 0;
        }
        CheckpointStore.Checkpoint c = latest.get();
        try (NDManager m = p.student().manager().newSubManager()) {
            p.student().load(c.read(m, "net_g"), true, c.dir() + "/net_g");
            p.ema().load(c.read(m, "net_g_ema"), true, c.dir() + "/net_g_ema");
            p.adam().restore(c.read(m, "optim_g"), ((Number) c.state().get("optim_steps")).longValue());
            for (StepExtension ext : p.extensions()) {
                for (Map.Entry<String, Network> e : ext.checkpointed().entrySet()) {
                    if (!c.has(e.getKey())) {
                        // written by a dckd that did not keep it (net_g_best); the extension's state says so too
                        p.log().warn("checkpoint %s has no %s; it starts afresh", c.dir(), e.getKey());
                        continue;
                    }
                    e.getValue().load(c.read(m, e.getKey()), true, c.dir() + "/" + e.getKey());
                }
                ext.restore(c.state());
            }
        }
        long position = ((Number) c.state().get("data_position")).longValue();
        p.data().skipTo(position);
        if (c.state().get("skipped_steps") instanceof Number n) {
            skippedSteps = n.longValue();
        }
        MetricsLog.truncateAfter(p.run().metrics(), c.iter());
        MetricsLog.truncateAfter(p.run().meters(), c.iter());
        lastGoodIter = c.iter();
        p.log().info("resumed from %s at iteration %d (data position %d)", c.dir(), c.iter(), position);
        return c.iter();
    }

    /** Runs iterations {@code start+1 .. total_iter}, then a final validation. */
    public Outcome run(long start) {
        Settings s = p.settings();
        p.log().info("Network [%s] %s: %,d parameters", p.student().backbone().type(), p.student().role(), p.student().parameterCount());
        p.log().info("Objective: %s", p.objective().render());
        p.log().info("Training iterations %d..%d", start + 1, s.totalIter());
        Engine engine = Engine.getInstance();
        long t0 = System.nanoTime();
        double[] stepMs = new double[(int) Math.max(0, s.totalIter() - start)];
        Map<String, Double> avg = new LinkedHashMap<>();
        int avgCount = 0;
        Map<String, Validator.SetResult> lastEma = Map.of();
        Map<String, Validator.SetResult> lastRaw = Map.of();
        try (StopRequest.Deferral deferral = StopRequest.deferToLoop();
             ProgressDisplay display = ProgressDisplay.open(s.progress(), start, s.totalIter())) {
            for (long it = start + 1; it <= s.totalIter(); it++) {
                long td = System.nanoTime();
                long dataNanos;
                long stepNanos;
                Map<String, Double> values;
                int batchSize;
                try {
                    Batch batch = p.data().next();
                    batchSize = batch.size();
                    dataNanos = System.nanoTime() - td;
                    long ts = System.nanoTime();
                    values = step(engine, batch, it);
                    stepNanos = System.nanoTime() - ts;
                } catch (TrainingStoppedException | RunInterruptedException e) {
                    throw e;
                } catch (RuntimeException | LinkageError | AssertionError e) {
                    throw stepFailure(it, e);
                }
                try {
                stepMs[(int) (it - start - 1)] = stepNanos / 1e6;
                if (!lastStepSkipped) {
                    p.meters().recordStep(stepNanos, dataNanos, batchSize, values);
                    values.forEach((k, v) -> avg.merge(k, v, Double::sum));
                    avgCount++;
                }
                display.step(it, values);
                if ((it % s.printFreq() == 0 || it == s.totalIter()) && avgCount > 0) {
                    Map<String, Object> rec = new LinkedHashMap<>();
                    rec.put("kind", "train");
                    rec.put("iter", it);
                    rec.put("lr", p.scheduler().lr(it));
                    final int n = avgCount;
                    avg.forEach((k, v) -> rec.put(k, v / n));
                    rec.put("step_ms", stepNanos / 1e6);
                    rec.put("data_ms", dataNanos / 1e6);
                    rec.put("skipped_steps", skippedSteps);
                    metrics().write(rec);
                    p.meters().publish(it);
                    String line = String.format(Locale.ROOT, "[iter %d] lr %.3e %s step %.1f ms data %.1f ms %s",
                            it, p.scheduler().lr(it), formatLosses(avg, n), stepNanos / 1e6, dataNanos / 1e6, display.eta(it));
                    if (display.showsProgressLines()) {
                        p.log().info(line);
                    } else {
                        p.log().fileOnly(line);
                    }
                    avg.clear();
                    avgCount = 0;
                }
                boolean last = it == s.totalIter();
                if (it % s.valFreq() == 0 || last) {
                    lastEma = validate(it, p.ema(), "ema");
                    if (s.alsoRaw()) {
                        lastRaw = validate(it, p.student(), "raw");
                    }
                    plot();
                }
                if (it % s.checkpointFreq() == 0 || last) {
                    saveCheckpoint(it);
                }
                if (StopRequest.pending() != null) {
                    throw stopBySignal(it);
                }
                } catch (java.io.UncheckedIOException e) {
                    throw new TrainingStoppedException("iteration " + it + ": " + e.getMessage() + ". " + lastGoodCheckpoint() + " Free space, then continue with --resume.", e);
                }
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        double[] sorted = stepMs.clone();
        java.util.Arrays.sort(sorted);
        double median = sorted.length == 0 ? 0 : sorted[sorted.length / 2];
        if (lastEma.isEmpty()) {
            lastEma = validate(s.totalIter(), p.ema(), "ema");
            lastRaw = s.alsoRaw() ? validate(s.totalIter(), p.student(), "raw") : Map.of();
        }
        return new Outcome(s.totalIter(), lastEma, lastRaw, p.validator().baseline(), secs, median);
    }

    /** One iteration on {@code batch} (public for benchmarks); returns the logged loss values. */
    public Map<String, Double> step(Batch batch, long it) {
        return step(Engine.getInstance(), batch, it);
    }

    private void mark(String segment) {
        StopRequest.check();
        if (profile != null) {
            profile.mark(segment);
        }
    }

    private Map<String, Double> step(Engine engine, Batch batch, long it) {
        Map<String, Double> values = new LinkedHashMap<>();
        boolean finite;
        String fault = null;
        if (profile != null) {
            profile.start();
        }
        try (NDManager stepManager = p.student().manager().newSubManager(); NDScope scope = new NDScope()) {
            NDArray lq = stepManager.create(batch.lq(), new Shape(batch.size(), 3, batch.lqHeight(), batch.lqWidth()));
            NDArray gt = stepManager.create(batch.gt(), new Shape(batch.size(), 3, batch.gtHeight(), batch.gtWidth()));
            StepContext ctx = new StepContext(stepManager, it).put(StepContext.LQ, lq).put(StepContext.GT, gt);
            ctx.withMarker(this::mark);
            mark("batch_to_tensor");
            for (StepExtension ext : p.extensions()) {
                ext.beforeStep(ctx);
            }
            try (GradientCollector gc = engine.newGradientCollector()) {
                if (wantsStudentFeats) {
                    NDList all = p.student().forwardAll(lq, true);
                    ctx.put(StepContext.STUDENT, all.get(0));
                    ctx.put(StepContext.STUDENT_FEATS, all.subNDList(1));
                } else {
                    ctx.put(StepContext.STUDENT, p.student().forward(lq, true));
                }
                mark("student_forward");
                for (StepExtension ext : p.extensions()) {
                    ext.afterStudentForward(ctx);
                }
                NDArray loss = p.objective().total(ctx, values);
                mark("loss");
                fault = firstNonFinite(values);
                if (fault == null) {
                    double total = values.values().stream().mapToDouble(Double::doubleValue).sum();
                    values.put("l_total", total);
                    fault = lossHistory.explosion(total, p.settings().divergence().lossFactor());
                }
                finite = fault == null;
                if (finite) {
                    gc.backward(loss);
                }
                mark("backward");
            }
            if (finite) {
                fault = badGradient();
                finite = fault == null;
            }
            mark("grad_check");
            if (finite) {
                p.adam().step(p.scheduler().lr(it));
            }
            mark("optimizer");
            p.student().zeroGradients();
            mark("zero_grad");
        }
        if (!finite) {
            badStepsInRow++;
            skippedSteps++;
            p.meters().stepSkipped();
            p.log().warn("iteration %d: %s (losses %s); step skipped, no update (%d in a row, %d in all)",
                    it, fault, values, badStepsInRow, skippedSteps);
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("kind", "skip");
            rec.put("iter", it);
            rec.put("reason", fault);
            rec.put("in_a_row", badStepsInRow);
            rec.put("skipped_steps", skippedSteps);
            metrics().write(rec);
            if (badStepsInRow >= p.settings().maxBadSteps()) {
                throw new TrainingStoppedException(badStepsInRow + " bad steps in a row (non-finite or exploding; train.max_bad_steps = "
                        + p.settings().maxBadSteps() + "), the last at iteration " + it + ": " + fault + "; stopping. "
                        + lastGoodCheckpoint() + " Lower the learning rate or check the data and loss settings, then continue with --resume.");
            }
            lastStepSkipped = true;
            return values;
        }
        badStepsInRow = 0;
        lastStepSkipped = false;
        lossHistory.add(values.get("l_total"));
        Ema.blend(p.ema(), p.student(), p.settings().emaDecay());
        mark("ema");
        for (StepExtension ext : p.extensions()) {
            ext.afterUpdate(it);
        }
        mark("history_update");
        String diverged = divergedState(false);
        if (diverged != null) {
            throw new TrainingStoppedException("the run diverged at iteration " + it + ": " + diverged
                    + " after the update. No checkpoint is written from here on. " + lastGoodCheckpoint()
                    + " Lower the learning rate (train.optim_g.lr) or the loss weights, then continue with --resume"
                    + " (train.divergence sets the limits).");
        }
        mark("state_check");
        return values;
    }

    /** "loss term l_x = NaN" for the first non-finite logged value, or null. */
    private static String firstNonFinite(Map<String, Double> values) {
        for (Map.Entry<String, Double> e : values.entrySet()) {
            if (!Double.isFinite(e.getValue())) {
                return "non-finite loss term " + e.getKey() + " = " + e.getValue();
            }
        }
        return null;
    }

    /**
     * Null if every gradient of the student is finite and small enough that Adam's second moment
     * (which accumulates g²) stays finite in float32; else which gradient is not. One fused reduction
     * over all gradients on the fast path.
     */
    private String badGradient() {
        Map<String, NDArray> grads = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, ai.djl.nn.Parameter> e : p.student().parameters().entrySet()) {
                NDArray a = e.getValue().getArray();
                if (a.hasGradient()) {
                    grads.put(e.getKey(), a.getGradient());
                }
            }
            String bad = StateGuard.check(grads, p.adam().maxSafeGradient(), "gradient of");
            return bad == null ? null : "finite loss but " + bad + " (Adam's second moment would overflow float32)";
        } finally {
            grads.values().forEach(NDArray::close);
        }
    }

    /**
     * Null if the student's weights are finite and within {@code train.divergence.max_abs_weight}
     * (and, with {@code everything}, the EMA copy, every checkpointed network of the extensions such
     * as the history model, and Adam's moments); else what is not. After a step the student alone
     * decides: the EMA and history are convex blends of its weights, and the moments are blends of
     * gradients that {@link #badGradient} bounded, so they cannot diverge on their own; the full check
     * runs before a checkpoint (it also covers what was loaded on resume).
     */
    private String divergedState(boolean everything) {
        double limit = p.settings().divergence().maxAbsWeight();
        Map<String, NDArray> weights = new LinkedHashMap<>();
        p.student().parameters().forEach((k, v) -> weights.put("net_g." + k, v.getArray()));
        if (everything) {
            p.ema().parameters().forEach((k, v) -> weights.put("net_g_ema." + k, v.getArray()));
            for (StepExtension ext : p.extensions()) {
                ext.checkpointed().forEach((name, net) -> net.parameters().forEach((k, v) -> weights.put(name + "." + k, v.getArray())));
            }
        }
        String bad = StateGuard.check(weights, limit, "weight");
        if (bad != null) {
            return bad + " (train.divergence.max_abs_weight)";
        }
        return everything ? StateGuard.check(p.adam().state(), Double.POSITIVE_INFINITY, "optimizer state") : null;
    }

    private RuntimeException stepFailure(long it, Throwable e) {
        String cause = e instanceof java.io.UncheckedIOException ? IoFaults.describe(e)
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        String who = blame.apply(e).map(id -> "plugin " + id + " failed during iteration " + it + ": ")
                .orElse("training step failed during iteration " + it + ": ");
        return new TrainingStoppedException(who + cause + ". " + lastGoodCheckpoint(), e);
    }

    /** Writes a checkpoint of iteration {@code it} (unless just written) and says how to continue. */
    private RunInterruptedException stopBySignal(long it) {
        String signal = StopRequest.pending();
        if (lastSavedIter != it && !StopRequest.aborting()) {
            saveCheckpoint(it);
        }
        String where = lastGoodIter == it ? "checkpoint of iteration " + it + " written in " + p.run().checkpoints()
                : lastGoodCheckpoint();
        return new RunInterruptedException(signal, "stopped by " + signal + " after iteration " + it + " of "
                + p.settings().totalIter() + "; " + where + "; resume with --resume");
    }

    private String lastGoodCheckpoint() {
        return lastGoodIter > 0
                ? "The last good checkpoint (iteration " + lastGoodIter + ") is intact in " + p.run().checkpoints() + "."
                : "No checkpoint was written yet in " + p.run().checkpoints() + ".";
    }

    private static String formatLosses(Map<String, Double> sums, int n) {
        StringBuilder sb = new StringBuilder();
        sums.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%s %.4e ", k, v / n)));
        return sb.toString().trim();
    }

    private Map<String, Validator.SetResult> validate(long it, Network net, String weights) {
        // val.save_img keeps the outputs of the weights BasicSR validates (the EMA), not the raw ones too
        Map<String, Validator.SetResult> res = weights.equals("ema") ? p.validator().evaluate(net, it) : p.validator().evaluate(net);
        Map<String, Validator.SetResult> base = p.validator().baseline();
        for (Validator.SetResult r : res.values()) {
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("kind", "val");
            rec.put("iter", it);
            rec.put("set", r.set());
            rec.put("weights", weights);
            rec.putAll(r.mean());
            base.get(r.set()).mean().forEach((k, v) -> rec.put("baseline_" + k, v));
            rec.put("ms_per_image", r.msPerImage());
            metrics().write(rec);
            StringBuilder sb = new StringBuilder();
            r.mean().forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%s %.4f (baseline %.4f) ", k, v, base.get(r.set()).mean().get(k))));
            p.log().info("[iter %d] val %s [%s]: %s", it, r.set(), weights, sb.toString().trim());
            for (Map.Entry<String, Double> m : r.mean().entrySet()) {
                if (!Double.isFinite(m.getValue())) {
                    throw new TrainingStoppedException("the run diverged: validation of the " + weights + " weights at iteration " + it
                            + " gives " + m.getKey() + " = " + m.getValue() + " on " + r.set() + ". No checkpoint is written from here on. "
                            + lastGoodCheckpoint() + " Lower the learning rate, then continue with --resume.");
                }
            }
        }
        for (StepExtension ext : p.extensions()) {
            ext.afterValidation(it, weights, res, net);
        }
        return res;
    }

    private void plot() {
        try {
            CurvePlot.write(p.run().metrics(), p.run().plots().resolve("curves.png"));
        } catch (IOException | RuntimeException | LinkageError | InternalError e) {
            // a headless server without fonts (or AWT's native font libraries) cannot draw text: the
            // curves stay in metrics.jsonl, and training goes on
            p.log().warn("could not draw the curves (%s): %s", e.getClass().getSimpleName(), e.getMessage());
        }
    }

    private void saveCheckpoint(long it) {
        lastSavedIter = it;
        String diverged = divergedState(true);
        if (diverged != null) {
            throw new TrainingStoppedException("iteration " + it + ": " + diverged + "; checkpoint NOT written. "
                    + lastGoodCheckpoint() + " Lower the learning rate, then continue with --resume.");
        }
        Map<String, Map<String, NDArray>> tensors = new LinkedHashMap<>();
        tensors.put("net_g", p.student().stateDict());
        tensors.put("net_g_ema", p.ema().stateDict());
        tensors.put("optim_g", p.adam().state());
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("optim_steps", p.adam().steps());
        state.put("data_position", p.data().position());
        state.put("skipped_steps", skippedSteps);
        for (StepExtension ext : p.extensions()) {
            ext.checkpointed().forEach((k, n) -> tensors.put(k, n.stateDict()));
            state.putAll(ext.state());
        }
        java.nio.file.Path dir;
        try {
            dir = checkpoints.save(it, tensors, state);
        } catch (java.io.UncheckedIOException e) {
            throw new TrainingStoppedException(e.getMessage() + ". " + lastGoodCheckpoint() + " Free space (or fix the folder's permissions), then continue with --resume.", e);
        }
        lastGoodIter = it;
        p.log().fileOnly("checkpoint %s", dir);
    }

    /** Closes the metrics file. Networks and data belong to the caller. */
    public void closeLogs() {
        if (metrics != null) {
            metrics.close();
        }
    }
}
