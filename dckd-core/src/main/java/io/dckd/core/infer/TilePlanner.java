package io.dckd.core.infer;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Picks the tile size for a memory budget, before the first forward. The budget covers the input
 * (floats, read once) and the 8-bit output raster; what it leaves must hold the largest square tile
 * (a multiple of the network's size multiple) whose estimated forward ({@link Footprint}) plus the
 * restorer's float buffers (one band of tile rows across the output width, two tile outputs) fit;
 * the whole image when it fits. The overlap covers the network's receptive field
 * ({@link ReceptiveField}, {@link TilePlan#covering}).
 */
public final class TilePlanner {

    /** The smallest tile worth running; a budget that does not fit it is an error. */
    static final int MIN_TILE = 32;

    private final Footprint footprint;
    private final int multiple;
    private final int radius;
    private final int scale;

    /**
     * @param multiple the grid tiles start on ({@link ReceptiveField#alignment})
     * @param radius the network's receptive-field radius in input pixels
     * @param scale output pixels per input pixel
     */
    public TilePlanner(Footprint footprint, int multiple, int radius, int scale) {
        this.footprint = footprint;
        this.multiple = multiple;
        this.radius = radius;
        this.scale = scale;
    }

    /** The planner for {@code model}: its footprint ({@link ImageModel#footprint}), alignment and receptive field. */
    public static TilePlanner of(ImageModel model) {
        return new TilePlanner(model.footprint(), model.alignment(), model.radius(), model.scale());
    }

    /** The receptive-field radius the plans cover, in input pixels. */
    public int radius() {
        return radius;
    }

    /**
     * The default budget: a quarter of physical memory, at most 1.5 GiB (a 24 GB machine keeps room
     * for other work; a small one is not pushed into swap).
     */
    public static long defaultBudget() {
        long physical = 8L << 30;
        try {
            Object total = ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(new ObjectName("java.lang:type=OperatingSystem"), "TotalMemorySize");
            physical = ((Number) total).longValue();
        } catch (JMException | RuntimeException e) {
            // not HotSpot's OperatingSystemMXBean: assume an 8 GiB machine
        }
        return Math.min(3L << 29, physical / 4);
    }

    /**
     * The plan for a {@code width}×{@code height} input within {@code budget} bytes.
     *
     * @throws MemoryBudgetException when not even a {@value #MIN_TILE}-pixel tile fits
     */
    public TilePlan plan(int width, int height, long budget) {
        double images = imageBytes(width, height);
        if (images >= budget) {
            throw new MemoryBudgetException(String.format(Locale.ROOT,
                    "the %dx%d input and its 8-bit x%d output alone take %d MiB, over the memory budget of %d MiB (--max-memory)",
                    width, height, scale, (long) images >> 20, budget >> 20));
        }
        budget -= (long) images;
        if (bytes(width, height, width, height) <= budget) {
            return TilePlan.whole();
        }
        int minTile = Math.max(MIN_TILE, multiple);
        int tile = Math.max(width, height) / multiple * multiple;
        while (tile >= minTile && bytes(Math.min(tile + multiple - 1, width), Math.min(tile + multiple - 1, height), width, height) > budget) {
            tile -= multiple;
        }
        if (tile < minTile) {
            throw new MemoryBudgetException(String.format(Locale.ROOT,
                    "a %dx%d tile needs about %d MiB, over the memory budget of %d MiB (--max-memory)", minTile, minTile,
                    (long) bytes(Math.min(minTile, width), Math.min(minTile, height), width, height) >> 20, budget >> 20));
        }
        return TilePlan.covering(tile, radius);
    }

    /** The input as floats (read once) and the output as an 8-bit raster, in bytes. */
    double imageBytes(int width, int height) {
        return (3.0 * Float.BYTES + 3.0 * scale * scale) * width * height;
    }

    /** Estimated bytes of restoring a {@code width}×{@code height} image in tiles of {@code tw}×{@code th}. */
    double bytes(int tw, int th, int width, int height) {
        double floats = 3.0 * Float.BYTES * scale * scale;
        double band = floats * (long) Math.min(height, th + multiple) * width;
        double tileOutputs = 2 * floats * (long) tw * th;
        return footprint.bytes(tw, th) + band + tileOutputs;
    }
}
