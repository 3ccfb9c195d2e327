package io.dckd.plugins.dckd.dnsg;

import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.NegativeSampler;
import org.pf4j.Extension;

/**
 * Registry type {@code DNSG}: DCKD's dynamic negative sample generator (paper §3.2, METHOD.md §2.1;
 * official {@code DCKDModel.optimize_parameters}). It makes the inputs {@code [lq, D1(lq), ...,
 * Dn(lq)]} whose history-model outputs are the contrastive negatives; each Di is blur → resize →
 * Gaussian noise → resize back, every step with its own probability. Options and defaults:
 * {@link DnsgOptions} ({@code dckd.plugins.dckd.DNSG}).
 */
@Extension
public final class Dnsg implements NegativeSampler {

    /** The registry key. */
    public static final String TYPE = "DNSG";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Sampler create(ComponentSpec spec) {
        return new DnsgSampler(DnsgOptions.from(spec));
    }
}
