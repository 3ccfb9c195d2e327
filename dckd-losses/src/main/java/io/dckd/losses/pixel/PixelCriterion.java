package io.dckd.losses.pixel;

import ai.djl.ndarray.NDArray;
import io.dckd.core.nn.Scalars;

/**
 * Element-wise pixel criteria of BasicSR {@code basicsr/losses/basic_loss.py}, before reduction:
 * L1 |p − t|, MSE (p − t)², Charbonnier √((p − t)² + ε). Written with plain NDArray ops because DJL's own
 * {@code ai.djl.training.loss.L1Loss#evaluate} (DJL 0.36.0) returns mean(weight · p) instead of
 * mean(weight · |p − t|) when its weight is not 1.
 */
public enum PixelCriterion {
    /** |p − t| ({@code l1_loss}). */
    L1("L1"),
    /** (p − t)² ({@code mse_loss}). */
    MSE("MSE"),
    /** √((p − t)² + ε) ({@code charbonnier_loss}, ε = 1e-12 in BasicSR). */
    CHARBONNIER("Charbonnier");

    private final String symbol;

    PixelCriterion(String symbol) {
        this.symbol = symbol;
    }

    /** Short name in the rendered objective, e.g. {@code L1}. */
    public String symbol() {
        return symbol;
    }

    /** The element-wise loss of {@code pred} against {@code target} (same shape); {@code eps} for Charbonnier only. */
    public NDArray elementwise(NDArray pred, NDArray target, double eps) {
        NDArray diff = pred.sub(target);
        return switch (this) {
            case L1 -> diff.abs();
            case MSE -> diff.square();
            case CHARBONNIER -> Scalars.add(diff.square(), eps).sqrt();
        };
    }
}
