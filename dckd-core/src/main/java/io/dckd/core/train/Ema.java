package io.dckd.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import io.dckd.core.nn.AtenOps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Exponential moving averages of weights, in place: θ_target ← d·θ_target + (1−d)·θ_source.
 * BasicSR's {@code model_ema} (d = 0.999 every iteration) and DCKD's history update
 * (d = update_decay = 0.1 every step[i] iterations) are both this operation.
 */
public final class Ema {

    private Ema() {}

    /** Blends {@code source} into {@code target} parameter by parameter (names must match). */
    public static void blend(Network target, Network source, double decay) {
        if (AtenOps.available()) {
            List<NDArray> t = new ArrayList<>();
            List<NDArray> s = new ArrayList<>();
            for (Map.Entry<String, Parameter> e : target.parameters().entrySet()) {
                t.add(e.getValue().getArray());
                s.add(source.parameters().get(e.getKey()).getArray());
            }
            AtenOps.ema(t, s, decay);
            return;
        }
        try (NDScope scope = new NDScope()) {
            for (Map.Entry<String, Parameter> e : target.parameters().entrySet()) {
                NDArray t = e.getValue().getArray();
                NDArray s = source.parameters().get(e.getKey()).getArray();
                t.muli(decay).addi(s.mul(1 - decay));
            }
        }
    }
}
