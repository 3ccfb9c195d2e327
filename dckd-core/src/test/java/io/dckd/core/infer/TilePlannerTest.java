package io.dckd.core.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The tile size follows the memory budget, before any forward runs. */
class TilePlannerTest {

    /** 8 KiB per input pixel (rcan-s measures about this), size multiple 8, radius 20, ×4. */
    private final TilePlanner planner = new TilePlanner(new Footprint(8192, 1 << 20), 8, 20, 4);

    @Test
    void wholeImageWhenItFits() {
        assertEquals(TilePlan.whole(), planner.plan(100, 80, 1L << 30));
    }

    @Test
    void tinyBudgetGivesTheLargestTileThatFits() {
        int w = 4000, h = 3000;
        long budget = (long) planner.imageBytes(w, h) + (64L << 20);
        TilePlan plan = planner.plan(w, h, budget);
        int t = plan.tile();
        assertTrue(t > 0 && t < h, "tiled: " + plan);
        assertEquals(0, t % 8, "a multiple of the size multiple: " + plan);
        double left = budget - planner.imageBytes(w, h);
        assertTrue(planner.bytes(t + 7, t + 7, w, h) <= left, "fits: " + plan);
        assertTrue(planner.bytes(t + 8 + 7, t + 8 + 7, w, h) > left, "the next size would not: " + plan);
        assertTrue(plan.overlap() < t / 2 + 1 && plan.context() > 0, "overlap within half a tile, some context: " + plan);
    }

    @Test
    void receptiveFieldIsCoveredWhenTheTileAllowsIt() {
        TilePlan plan = planner.plan(4000, 3000, (long) planner.imageBytes(4000, 3000) + (1L << 30));
        assertEquals(20, plan.context(), plan.toString());
        assertEquals(10, plan.feather(), plan.toString());
    }

    @Test
    void budgetBelowTheImagesIsACleanError() {
        MemoryBudgetException e = assertThrows(MemoryBudgetException.class, () -> planner.plan(4000, 3000, 100L << 20));
        assertTrue(e.getMessage().contains("--max-memory"), e.getMessage());
    }

    @Test
    void budgetBelowTheSmallestTileIsACleanError() {
        long budget = (long) planner.imageBytes(4000, 3000) + (1L << 20);
        assertThrows(MemoryBudgetException.class, () -> planner.plan(4000, 3000, budget));
    }
}
