package io.dckd.core.train;

import io.dckd.core.io.SafeTensors;
import io.dckd.core.io.WeightsMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the weights, EMA or raw, with the best validation score seen so far ({@code net_g_best}):
 * the first metric written in {@code val.metrics} (PSNR for the tasks' defaults) on the first validation set, in the
 * metric's direction. Each improvement is copied into a network of its own and written at once to
 * {@code models/net_g_best.safetensors} with its metadata (which weights, iteration, score). The copy
 * is checkpointed, and its iteration and score are checkpoint state, so a resumed run continues
 * with the best of the checkpoint and rewrites the file from it (a file from past the checkpoint
 * would otherwise outlive the iterations that are re-run).
 *
 * <p>Cost: no extra validation when {@code val.also_raw} is on (the default: both are validated
 * already; without it only the EMA competes), one more copy of the weights in memory and in each
 * checkpoint, and a copy and a write on each improvement.
 */
public final class BestWeights implements TrainingListener, AutoCloseable {

    /** File and checkpoint name. */
    public static final String NAME = "net_g_best";

    /** The best so far. */
    public record Best(String weights, long iteration, String metric, double score, String set) {
        /** "raw weights of iteration 100 (psnr 24.1600 on val)". */
        public String describe() {
            return String.format(Locale.ROOT, "%s weights of iteration %d (%s %.4f on %s)", weights, iteration, metric, score, set);
        }

        /** Written into the file's metadata. */
        public WeightsMetadata metadata() {
            return WeightsMetadata.empty().with(WeightsMetadata.WEIGHTS, weights).with(WeightsMetadata.ITERATION, iteration)
                    .with(WeightsMetadata.METRIC, metric).with(WeightsMetadata.SCORE, String.format(Locale.ROOT, "%.4f", score))
                    .with(WeightsMetadata.VAL_SET, set);
        }
    }

    private final Network copy;
    private final Path file;
    private final String metric;
    private final boolean higherIsBetter;
    private final WeightsMetadata architecture;
    private final RunLog log;
    private Best best;

    /**
     * @param copy a network of the student's architecture that holds the best weights (owned here)
     * @param file where they are written, e.g. {@code models/net_g_best.safetensors}
     * @param metric the metric that decides, e.g. {@code psnr}
     * @param architecture metadata describing the network ({@link io.dckd.core.io.StoredArchitecture})
     */
    public BestWeights(Network copy, Path file, String metric, boolean higherIsBetter, WeightsMetadata architecture, RunLog log) {
        this.copy = copy;
        this.file = file;
        this.metric = metric;
        this.higherIsBetter = higherIsBetter;
        this.architecture = architecture;
        this.log = log;
    }

    /** The best so far, if any validation ran. */
    public Optional<Best> best() {
        return Optional.ofNullable(best);
    }

    /** The score of {@code weights} in {@code results}: the metric on the first set, if measured. */
    public Optional<Best> score(String weights, long iter, Map<String, Validator.SetResult> results) {
        if (results.isEmpty()) {
            return Optional.empty();
        }
        Validator.SetResult first = results.values().iterator().next();
        Double score = first.mean().get(metric);
        return score == null ? Optional.empty() : Optional.of(new Best(weights, iter, metric, score, first.set()));
    }

    /** Metadata for a file of the run's network holding {@code weights} of {@code iter}, scored by {@code results}. */
    public WeightsMetadata metadata(String weights, long iter, Map<String, Validator.SetResult> results) {
        return architecture.with(score(weights, iter, results).map(Best::metadata)
                .orElse(WeightsMetadata.empty().with(WeightsMetadata.WEIGHTS, weights).with(WeightsMetadata.ITERATION, iter)));
    }

    @Override
    public void afterValidation(long iter, String weights, Map<String, Validator.SetResult> results, Network net) {
        Optional<Best> candidate = score(weights, iter, results);
        if (candidate.isEmpty() || best != null && !(higherIsBetter ? candidate.get().score() > best.score() : candidate.get().score() < best.score())) {
            return;
        }
        copy.copyFrom(net);
        best = candidate.get();
        write();
        log.fileOnly("[iter %d] new best: %s", iter, best.describe());
    }

    private void write() {
        try {
            SafeTensors.write(copy.stateDict(), file, architecture.with(best.metadata()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + IoFaults.describe(e), e);
        }
    }

    @Override
    public Map<String, Network> checkpointed() {
        return Map.of(NAME, copy);
    }

    @Override
    public Map<String, Object> state() {
        if (best == null) {
            return Map.of();
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("best.weights", best.weights());
        s.put("best.iteration", best.iteration());
        s.put("best.metric", best.metric());
        s.put("best.score", best.score());
        s.put("best.set", best.set());
        return s;
    }

    /** Restores the best of a checkpoint (its weights are loaded through {@link #checkpointed()}) and rewrites the file from it. */
    @Override
    public void restore(Map<String, Object> state) {
        if (!(state.get("best.iteration") instanceof Number it) || !metric.equals(state.get("best.metric"))) {
            best = null;
            return;
        }
        best = new Best((String) state.get("best.weights"), it.longValue(), metric, ((Number) state.get("best.score")).doubleValue(),
                (String) state.get("best.set"));
        write();
    }

    @Override
    public void close() {
        copy.close();
    }
}
