package io.dckd.core.infer;

/**
 * How {@link TiledRestorer} cuts an image: square tiles of {@code tile} input pixels (0: the whole
 * image in one pass) that overlap by {@code 2·context + feather} pixels; see {@link TileAxis} for
 * what context and feather mean.
 *
 * @param tile tile side in input pixels, 0 for one whole-image pass
 * @param context input pixels at a tile's inner edge that get no weight
 * @param feather input pixels over which a tile's weight ramps up (≥ 1)
 */
public record TilePlan(int tile, int context, int feather) {

    public TilePlan {
        if (tile < 0 || context < 0 || feather < 1 || (tile > 0 && 2 * context + feather >= tile)) {
            throw new IllegalArgumentException("need tile >= 0, context >= 0, feather >= 1 and overlap 2*context+feather < tile, got tile "
                    + tile + ", context " + context + ", feather " + feather);
        }
    }

    /** One pass over the whole image. */
    public static TilePlan whole() {
        return new TilePlan(0, 0, 1);
    }

    /**
     * The plan for a user's {@code --tile}/{@code --tile-overlap}: the overlap's first quarter from
     * each side is context (at most the network's {@code radius}), the rest feathers; a negative
     * overlap means {@link #covering the receptive field}.
     */
    public static TilePlan explicit(int tile, int overlap, int radius) {
        if (tile == 0) {
            return whole();
        }
        if (overlap < 0) {
            return covering(tile, radius);
        }
        if (overlap < 1 || overlap >= tile) {
            throw new IllegalArgumentException("need 1 <= overlap < tile, got tile " + tile + ", overlap " + overlap);
        }
        int context = Math.min(radius, overlap / 4);
        return new TilePlan(tile, context, overlap - 2 * context);
    }

    /**
     * Tiles of {@code tile} pixels whose overlap covers {@code radius} (context = radius, feather =
     * half of it) unless that takes more than half a tile; then both shrink to fit (a fifth of the
     * half-tile feathers), because a bound far above the effective receptive field (SwinIR's, the
     * U-Nets') is not worth tiles that mostly overlap.
     */
    public static TilePlan covering(int tile, int radius) {
        int context = radius;
        int feather = Math.max(1, radius / 2);
        int maxOverlap = tile / 2;
        if (2 * context + feather > maxOverlap) {
            feather = Math.max(1, maxOverlap / 5);
            context = Math.max(0, (maxOverlap - feather) / 2);
        }
        return new TilePlan(tile, context, feather);
    }

    /** Total overlap between neighbouring tiles, in input pixels. */
    public int overlap() {
        return 2 * context + feather;
    }

    @Override
    public String toString() {
        return tile == 0 ? "whole image" : "tiles of " + tile + " px, overlap " + overlap() + " (context " + context + ", feather " + feather + ")";
    }
}
