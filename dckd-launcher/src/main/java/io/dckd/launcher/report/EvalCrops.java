package io.dckd.launcher.report;

import ai.djl.ndarray.NDManager;
import io.dckd.core.data.Sample;
import io.dckd.core.data.ValidationSet;
import io.dckd.core.image.RgbImage;
import io.dckd.core.infer.ImageModel;
import io.dckd.core.pipeline.Reports;
import io.dckd.core.spi.RestorationTask;
import io.dckd.core.train.ImageTensors;
import io.dckd.tasks.io.ImageFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Side-by-side crops of {@code dckd eval}: for the first {@code count} images of each validation set,
 * the centre {@code size}×{@code size} window of the output (aligned to the scale, {@link SideBySide#centreWindow})
 * as panels, left to right: the input (nearest-upscaled; only for scale > 1), the task's baseline
 * (bicubic for SR, the degraded input for scale 1), the network's output, the GT, each named in a band
 * above it ({@link SideBySide#labelledRow}). Saved as {@code <set>_<image>.png}, 8-bit PNG.
 */
public final class EvalCrops {

    /** White pixels between panels. */
    public static final int GAP = 4;

    private final RestorationTask task;
    private final int count;
    private final int size;
    private final String networkLabel;

    /** {@code networkLabel} names the network's panel (e.g. its backbone type). */
    public EvalCrops(RestorationTask task, int count, int size, String networkLabel) {
        this.task = task;
        this.count = count;
        this.size = size;
        this.networkLabel = networkLabel;
    }

    /** Writes the crops of every set into {@code dir}; returns the files written. */
    public List<Path> write(ImageModel net, List<ValidationSet> sets, Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        for (ValidationSet set : sets) {
            for (Sample s : set.samples().subList(0, Math.min(count, set.samples().size()))) {
                Path file = dir.resolve(safe(set.name()) + "_" + safe(s.name()) + ".png");
                ImageFiles.write(panels(net, s), file);
                out.add(file);
            }
        }
        return out;
    }

    /** The panel row of one sample. */
    public RgbImage panels(ImageModel net, Sample s) {
        RgbImage restored;
        try (NDManager scratch = net.manager().newSubManager()) {
            restored = ImageTensors.toImage(net.infer(ImageTensors.toArray(scratch, s.lq()))).quantized();
        }
        int scale = task.scale();
        int[] win = SideBySide.centreWindow(restored.width(), restored.height(), size, scale);
        int x0 = win[0], y0 = win[1], side = win[2];
        List<RgbImage> panels = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        if (scale > 1) {
            panels.add(SideBySide.nearest(s.lq().crop(x0 / scale, y0 / scale, side / scale, side / scale), scale));
            labels.add("input x" + scale);
        }
        panels.add(task.baseline(s.lq()).crop(x0, y0, side, side));
        labels.add(Reports.baselineName(scale));
        panels.add(restored.crop(x0, y0, side, side));
        labels.add(networkLabel);
        panels.add(s.gt().crop(x0, y0, side, side));
        labels.add("GT");
        return SideBySide.labelledRow(panels, labels, GAP);
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
