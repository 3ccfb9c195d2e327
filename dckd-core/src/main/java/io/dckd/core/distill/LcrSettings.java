package io.dckd.core.distill;

import io.dckd.core.spi.WeightedTerm;
import java.util.Collection;
import java.util.Optional;

/**
 * Implemented by a built loss term that compares against {@code teacher_lcr}: it tells the trainer
 * how to make that tensor. Config: {@code lcr_opt { type = L1Loss, loss_weight = 1.0, noisy { prob = 0.5 } }}
 * ({@code noisy.prob} defaults to {@code dckd.losses.<type>.noisy.prob}; the official BasicSR YAML's
 * sibling {@code train.noisy.prob} is also accepted, see {@code io.dckd.core.train.Objective#from}).
 *
 * <p>Trainer, per step: {@code ops = LabelConsistency.sample(B, prob(), rng)}, then
 * {@code [t_out, t_out_lcr] = LabelConsistency.teacherOutputs(lq, ops, teacher)} and
 * {@code ctx.put(TEACHER, t_out).put(TEACHER_LCR, t_out_lcr)}.
 */
public interface LcrSettings {

    /** Probability that each op (i, h, v, t) is applied to each sample, independently. */
    double prob();

    /** The first term of {@code terms} that needs {@code teacher_lcr}, if any. */
    static Optional<LcrSettings> find(Collection<? extends WeightedTerm> terms) {
        return terms.stream().filter(LcrSettings.class::isInstance).map(LcrSettings.class::cast).findFirst();
    }
}
