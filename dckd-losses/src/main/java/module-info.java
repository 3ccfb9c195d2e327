/**
 * dckd loss terms: BasicSR pixel losses ({@code L1Loss}, {@code MSELoss}, {@code CharbonnierLoss}),
 * label-consistency regularisation (DUKD), DCKD's contrastive ({@code ContrasLoss}) and
 * distribution cross-entropy ({@code CELoss}) terms, and the weighted-sum {@link io.dckd.core.train.Objective} (in dckd-core).
 */
module io.dckd.losses {
    requires transitive io.dckd.core;

    exports io.dckd.losses;
    exports io.dckd.losses.pixel;
    exports io.dckd.losses.contrastive;
    exports io.dckd.losses.distribution;
    exports io.dckd.losses.feature;
    // io.dckd.losses.internal (option checking, scratch scopes) stays unexported

    uses io.dckd.core.spi.LossTerm;

    provides io.dckd.core.spi.LossTerm with
            io.dckd.losses.pixel.L1Loss,
            io.dckd.losses.pixel.MSELoss,
            io.dckd.losses.pixel.CharbonnierLoss,
            io.dckd.losses.pixel.LabelConsistencyLoss,
            io.dckd.losses.contrastive.ContrasLoss,
            io.dckd.losses.distribution.CELoss,
            io.dckd.losses.feature.FAKDLoss;
}
