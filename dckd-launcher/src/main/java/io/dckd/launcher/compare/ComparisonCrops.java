package io.dckd.launcher.compare;

import ai.djl.ndarray.NDManager;
import io.dckd.core.data.Sample;
import io.dckd.core.data.ValidationSet;
import io.dckd.core.image.RgbImage;
import io.dckd.core.pipeline.Reports;
import io.dckd.core.pipeline.StageMarker;
import io.dckd.core.spi.RestorationTask;
import io.dckd.core.train.ImageTensors;
import io.dckd.core.train.Network;
import io.dckd.core.train.TrainingSetup;
import io.dckd.launcher.report.SideBySide;
import io.dckd.tasks.io.ImageFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Side-by-side crops of one region for every model: for the first {@code count} images of each
 * validation set, the centre {@code size}×{@code size} window ({@link SideBySide#centreWindow}) of,
 * left to right, the baseline (bicubic for SR), the teacher, each method (raw weights of its first
 * seed, in {@code --methods} order) and the GT, each named above its panel. Saved as
 * {@code crops/<set>_<image>.png} with the panel order spelled out in {@code crops/panels.txt}.
 */
public final class ComparisonCrops {

    private ComparisonCrops() {}

    /** Writes the crops; returns the files. */
    public static List<Path> write(Comparison c, Comparison.Outcome o, int count, int size) throws IOException {
        Path dir = o.dir().resolve("crops");
        Files.createDirectories(dir);
        RestorationTask task = TrainingSetup.task(o.baseRoot(), c.components());
        List<ValidationSet> sets = task.validationSets(o.baseRoot().getConfig("datasets"));
        Map<String, Sample> samples = new LinkedHashMap<>();
        for (ValidationSet set : sets) {
            for (Sample s : set.samples().subList(0, Math.min(count, set.samples().size()))) {
                samples.put(safe(set.name()) + "_" + safe(s.name()), s);
            }
        }
        List<String> labels = new ArrayList<>(List.of(Reports.baselineName(task.scale())));
        // the sheet's own labels are short (a panel is ~96 px wide); panels.txt has the long form
        List<String> shortLabels = new ArrayList<>(labels);
        Map<String, List<RgbImage>> rows = new LinkedHashMap<>();
        samples.forEach((k, s) -> rows.put(k, new ArrayList<>(List.of(task.baseline(s.lq())))));
        Path teacherWeights = Path.of((String) new StageMarker(o.dir()).done("teacher").orElseThrow().get("weights"));
        labels.add(o.teacherLabel());
        shortLabels.add(o.teacherLabel());
        restoreAll(c.load(o.baseRoot(), "network_t", teacherWeights, "params_ema", task), samples, rows);
        for (Comparison.MethodResult r : o.methods()) {
            Path run = r.runs().get(0);
            labels.add(r.method().label() + " (raw, seed 0)");
            shortLabels.add(r.method().label() + " raw");
            restoreAll(c.load(o.baseRoot(), "network_g", run.resolve("distill/models/net_g.safetensors"), "params", task), samples, rows);
        }
        labels.add("GT");
        shortLabels.add("GT");
        List<Path> out = new ArrayList<>();
        for (Map.Entry<String, Sample> e : samples.entrySet()) {
            List<RgbImage> imgs = rows.get(e.getKey());
            RgbImage first = imgs.get(1);
            int[] win = SideBySide.centreWindow(first.width(), first.height(), size, task.scale());
            List<RgbImage> panels = new ArrayList<>();
            for (RgbImage img : imgs) {
                panels.add(img.crop(win[0], win[1], win[2], win[2]));
            }
            panels.add(e.getValue().gt().crop(win[0], win[1], win[2], win[2]));
            Path f = dir.resolve(e.getKey() + ".png");
            ImageFiles.write(SideBySide.labelledRow(panels, shortLabels, 4), f);
            out.add(f);
        }
        Files.writeString(dir.resolve("panels.txt"), "left to right: " + String.join(" | ", labels) + "\n");
        return out;
    }

    private static void restoreAll(Network net, Map<String, Sample> samples, Map<String, List<RgbImage>> rows) {
        try (net) {
            for (Map.Entry<String, Sample> e : samples.entrySet()) {
                try (NDManager scratch = net.manager().newSubManager()) {
                    rows.get(e.getKey()).add(ImageTensors.toImage(net.infer(ImageTensors.toArray(scratch, e.getValue().lq()))).quantized());
                }
            }
        }
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
