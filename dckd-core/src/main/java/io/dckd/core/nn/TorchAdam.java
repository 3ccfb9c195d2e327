package io.dckd.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import io.dckd.core.train.TrainingStoppedException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code torch.optim.Adam} (and AdamW with {@code decoupled = true}), as the official code uses:
 * m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²; p ← p − lr·(m/(1−β1ᵗ)) / (√(v/(1−β2ᵗ)) + ε).
 * With weight decay, Adam adds wd·p to g; AdamW multiplies p by (1 − lr·wd) first.
 *
 * <p>DJL's own Adam is the ε-hat variant and saves no state; this one keeps m, v and t so a resume
 * continues exactly.
 */
public final class TorchAdam {

    private final Map<String, Parameter> params;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean decoupled;
    private final Map<String, NDArray> m = new LinkedHashMap<>();
    private final Map<String, NDArray> v = new LinkedHashMap<>();
    private long t;

    public TorchAdam(Map<String, Parameter> params, NDManager stateManager, double beta1, double beta2, double eps,
                     double weightDecay, boolean decoupled) {
        this.params = params;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            NDArray p = e.getValue().getArray();
            m.put(e.getKey(), stateManager.zeros(p.getShape(), p.getDataType(), p.getDevice()));
            v.put(e.getKey(), stateManager.zeros(p.getShape(), p.getDataType(), p.getDevice()));
        }
    }

    /** Applies one update with learning rate {@code lr} from the current gradients. */
    public void step(double lr) {
        t++;
        double bc1 = 1 - Math.pow(beta1, t);
        double bc2 = 1 - Math.pow(beta2, t);
        double stepSize = lr / bc1;
        double sqrtBc2 = Math.sqrt(bc2);
        if (!(Math.abs(stepSize) <= Float.MAX_VALUE)) {
            // the fused kernel takes it as a float32 scalar; the element-wise path would write Inf
            throw new TrainingStoppedException("Adam's step size lr / (1 - beta1^t) = " + stepSize + " at step " + t
                    + " is beyond float32 (learning rate " + lr + "); lower train.optim_g.lr");
        }
        if (AtenOps.available()) {
            fusedStep(lr, stepSize, sqrtBc2);
            return;
        }
        try (NDScope scope = new NDScope()) {
            for (Map.Entry<String, Parameter> e : params.entrySet()) {
                NDArray p = e.getValue().getArray();
                NDArray g = p.getGradient();
                if (weightDecay != 0) {
                    if (decoupled) {
                        p.muli(1 - lr * weightDecay);
                    } else {
                        g = g.add(p.mul(weightDecay));
                    }
                }
                NDArray mk = m.get(e.getKey());
                NDArray vk = v.get(e.getKey());
                mk.muli(beta1).addi(g.mul(1 - beta1));
                vk.muli(beta2).addi(g.square().muli(1 - beta2));
                NDArray denom = vk.sqrt().divi(sqrtBc2).addi(eps);
                p.subi(mk.div(denom).muli(stepSize));
            }
        }
    }

    /** The same update in one multi-tensor native call (the loop above makes ten calls per tensor). */
    private void fusedStep(double lr, double stepSize, double sqrtBc2) {
        List<NDArray> ps = new ArrayList<>(params.size());
        List<NDArray> gs = new ArrayList<>(params.size());
        try {
            for (Parameter par : params.values()) {
                NDArray p = par.getArray();
                ps.add(p);
                gs.add(p.getGradient());
            }
            AtenOps.adam(ps, gs, new ArrayList<>(m.values()), new ArrayList<>(v.values()), beta1, beta2, stepSize, sqrtBc2, eps,
                    decoupled ? 0 : weightDecay, decoupled ? 1 - lr * weightDecay : 1);
        } finally {
            gs.forEach(NDArray::close);
        }
    }

    /**
     * The largest gradient magnitude whose update keeps the second moment finite in float32:
     * v ← β2·v + (1−β2)·g² overflows once (1−β2)·g² passes {@code Float.MAX_VALUE} (a loss weight of
     * 1e30 does that with finite gradients; v = Inf then zeroes every update silently). Half of that
     * bound, for the β2·v already there.
     */
    public double maxSafeGradient() {
        return 0.5 * Math.sqrt(Float.MAX_VALUE / Math.max(1e-12, 1 - beta2));
    }

    /** Steps taken. */
    public long steps() {
        return t;
    }

    /** Optimiser state for checkpoints: {@code exp_avg.<name>}, {@code exp_avg_sq.<name>}. */
    public Map<String, NDArray> state() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        m.forEach((k, a) -> out.put("exp_avg." + k, a));
        v.forEach((k, a) -> out.put("exp_avg_sq." + k, a));
        return out;
    }

    /** Restores state saved by {@link #state()} and the step count. */
    public void restore(Map<String, NDArray> state, long steps) {
        for (String k : m.keySet()) {
            NDArray sm = state.get("exp_avg." + k);
            NDArray sv = state.get("exp_avg_sq." + k);
            if (sm == null || sv == null) {
                throw new IllegalArgumentException("optimizer state lacks " + k);
            }
            Overwrite.with(m.get(k), sm);
            Overwrite.with(v.get(k), sv);
        }
        this.t = steps;
    }
}
