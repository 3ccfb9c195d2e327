package io.dckd.core.train;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Validation during training: the EMA (and raw) weights on every validation set, one
 * {@code {"kind":"val"}} record and one log line per set, the listeners told (best weights), and the
 * curves redrawn. A non-finite score stops the run: the weights have diverged.
 */
final class ValidationRound {

    private final TrainingLoop.Parts p;
    private final Supplier<MetricsLog> metrics;
    private final Supplier<String> lastGood;

    ValidationRound(TrainingLoop.Parts parts, Supplier<MetricsLog> metrics, Supplier<String> lastGood) {
        this.p = parts;
        this.metrics = metrics;
        this.lastGood = lastGood;
    }

    /** Validates {@code net} (the {@code weights}: "ema" or "raw") after iteration {@code it}. */
    Map<String, Validator.SetResult> run(long it, Network net, String weights) {
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
            metrics.get().write(rec);
            StringBuilder sb = new StringBuilder();
            r.mean().forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%s %.4f (baseline %.4f) ", k, v, base.get(r.set()).mean().get(k))));
            p.log().info("[iter %d] val %s [%s]: %s", it, r.set(), weights, sb.toString().trim());
            for (Map.Entry<String, Double> m : r.mean().entrySet()) {
                if (!Double.isFinite(m.getValue())) {
                    throw new TrainingStoppedException("the run diverged: validation of the " + weights + " weights at iteration " + it
                            + " gives " + m.getKey() + " = " + m.getValue() + " on " + r.set() + ". No checkpoint is written from here on. "
                            + lastGood.get() + " Lower the learning rate, then continue with --resume.");
                }
            }
        }
        for (TrainingListener l : p.listeners()) {
            l.afterValidation(it, weights, res, net);
        }
        return res;
    }

    /** Redraws {@code plots/curves.png} from {@code metrics.jsonl}. */
    void plot() {
        try {
            CurvePlot.write(p.run().metrics(), p.run().plots().resolve("curves.png"));
        } catch (IOException | RuntimeException | LinkageError | InternalError e) {
            // a headless server without fonts (or AWT's native font libraries) cannot draw text: the
            // curves stay in metrics.jsonl, and training goes on
            p.log().warn("could not draw the curves (%s): %s", e.getClass().getSimpleName(), e.getMessage());
        }
    }
}
