package io.dckd.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.dckd.core.nn.TorchAdam;

/**
 * What keeps one bad step from ruining a run: a step whose loss terms are not finite, whose total
 * explodes against the recent ones ({@code train.divergence.loss_factor}) or whose gradient would
 * overflow Adam's second moment is refused before the update; weights past
 * {@code train.divergence.max_abs_weight} after an update stop the run. Each check returns null when
 * all is well, else what is wrong.
 */
final class StepGuard {

    private final Divergence divergence;
    private final LossHistory history;

    StepGuard(Divergence divergence) {
        this.divergence = divergence;
        this.history = new LossHistory(divergence.lossWindow());
    }

    /** Checks the logged terms and, when they are finite, adds their sum as {@code l_total}. */
    String lossFault(Map<String, Double> values) {
        for (Map.Entry<String, Double> e : values.entrySet()) {
            if (!Double.isFinite(e.getValue())) {
                return "non-finite loss term " + e.getKey() + " = " + e.getValue();
            }
        }
        double total = values.values().stream().mapToDouble(Double::doubleValue).sum();
        values.put("l_total", total);
        return history.explosion(total, divergence.lossFactor());
    }

    /** Remembers the total of a step that was applied (the window the explosion check compares with). */
    void applied(Map<String, Double> values) {
        history.add(values.get("l_total"));
    }

    /**
     * Null if every gradient of the student is finite and small enough that Adam's second moment
     * (which accumulates g²) stays finite in float32. One fused reduction over all gradients.
     */
    String gradientFault(Network student, TorchAdam adam) {
        Map<String, NDArray> grads = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Parameter> e : student.parameters().entrySet()) {
                NDArray a = e.getValue().getArray();
                if (a.hasGradient()) {
                    grads.put(e.getKey(), a.getGradient());
                }
            }
            String bad = StateGuard.check(grads, adam.maxSafeGradient(), "gradient of");
            return bad == null ? null : "finite loss but " + bad + " (Adam's second moment would overflow float32)";
        } finally {
            grads.values().forEach(NDArray::close);
        }
    }

    /**
     * Null if the student's weights are finite and within {@code train.divergence.max_abs_weight}. After
     * a step the student alone decides: the EMA and history are convex blends of its weights, and
     * Adam's moments are blends of gradients that {@link #gradientFault} bounded.
     */
    String weightFault(Network student) {
        return limitFault(named(student, "net_g"));
    }

    /**
     * Before a checkpoint (it also covers what was loaded on resume): the student, the EMA copy, the
     * listeners' networks (the history model, the best weights) and Adam's moments.
     */
    String stateFault(Network student, Network ema, List<TrainingListener> listeners, TorchAdam adam) {
        Map<String, NDArray> weights = named(student, "net_g");
        weights.putAll(named(ema, "net_g_ema"));
        for (TrainingListener l : listeners) {
            l.checkpointed().forEach((name, net) -> weights.putAll(named(net, name)));
        }
        String bad = limitFault(weights);
        return bad != null ? bad : StateGuard.check(adam.state(), Double.POSITIVE_INFINITY, "optimizer state");
    }

    private String limitFault(Map<String, NDArray> weights) {
        String bad = StateGuard.check(weights, divergence.maxAbsWeight(), "weight");
        return bad == null ? null : bad + " (train.divergence.max_abs_weight)";
    }

    private static Map<String, NDArray> named(Network net, String prefix) {
        Map<String, NDArray> m = new LinkedHashMap<>();
        net.parameters().forEach((k, v) -> m.put(prefix + "." + k, v.getArray()));
        return m;
    }
}
