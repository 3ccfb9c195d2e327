package io.dckd.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.dckd.core.data.Sample;
import io.dckd.core.data.ValidationSet;
import io.dckd.core.image.RgbImage;
import io.dckd.core.infer.ImageModel;
import io.dckd.core.spi.Metric.ImageMetric;
import io.dckd.core.spi.RestorationTask;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures a network on validation sets with the configured metrics, image by image, next to the
 * task's baseline (bicubic for SR, the degraded input for scale 1). The GT is cropped to the
 * output size (LR size × scale), as BasicSR's test does.
 */
public final class Validator {

    private final RestorationTask task;
    private final List<ValidationSet> sets;
    private final Map<String, ImageMetric> metrics;
    private Map<String, SetResult> baseline;
    private ValidationImages saved;

    public Validator(RestorationTask task, List<ValidationSet> sets, Map<String, ImageMetric> metrics) {
        this.task = task;
        this.sets = sets;
        this.metrics = metrics;
    }

    public List<ValidationSet> sets() {
        return sets;
    }

    /** Per-image and mean values of one set. */
    public record SetResult(String set, List<ImageResult> images, Map<String, Double> mean, double msPerImage) {}

    /** One image's values. */
    public record ImageResult(String name, Map<String, Double> values, double ms) {}

    /** Keeps the outputs of {@link #evaluate(ImageModel, long)} in {@code images} ({@code val.save_img}). */
    public void saveImages(ValidationImages images) {
        this.saved = images;
    }

    /** Measures {@code net} (inference, no gradient; DJL or ONNX Runtime) on every set. */
    public Map<String, SetResult> evaluate(ImageModel net) {
        return evaluate(net, -1);
    }

    /**
     * As {@link #evaluate(ImageModel)}, at training iteration {@code iter}: with {@link #saveImages} set,
     * every output is also written as {@code <set>/<image>_<iter>.png}.
     */
    public Map<String, SetResult> evaluate(ImageModel net, long iter) {
        Map<String, SetResult> out = new LinkedHashMap<>();
        for (ValidationSet set : sets) {
            List<ImageResult> images = new ArrayList<>();
            double totalMs = 0;
            for (Sample s : set.samples()) {
                long t0 = System.nanoTime();
                RgbImage restored;
                try (NDManager scratch = net.manager().newSubManager()) {
                    NDArray lq = ImageTensors.toArray(scratch, s.lq());
                    NDArray y = net.infer(lq);
                    restored = ImageTensors.toImage(y);
                }
                double ms = (System.nanoTime() - t0) / 1e6;
                totalMs += ms;
                if (saved != null && iter >= 0) {
                    saved.write(set.name(), s.name(), iter, restored);
                }
                images.add(new ImageResult(s.name(), measure(restored, s.gt()), ms));
            }
            out.put(set.name(), new SetResult(set.name(), images, mean(images), set.samples().isEmpty() ? 0 : totalMs / set.samples().size()));
        }
        return out;
    }

    /** The baseline (computed once). */
    public Map<String, SetResult> baseline() {
        if (baseline == null) {
            baseline = new LinkedHashMap<>();
            for (ValidationSet set : sets) {
                List<ImageResult> images = new ArrayList<>();
                for (Sample s : set.samples()) {
                    images.add(new ImageResult(s.name(), measure(task.baseline(s.lq()), s.gt()), 0));
                }
                baseline.put(set.name(), new SetResult(set.name(), images, mean(images), 0));
            }
        }
        return baseline;
    }

    /** Applies every metric to {@code restored} vs {@code gt} (GT cropped to the restored size). */
    public Map<String, Double> measure(RgbImage restored, RgbImage gt) {
        RgbImage g = gt;
        if (gt.width() != restored.width() || gt.height() != restored.height()) {
            if (gt.width() < restored.width() || gt.height() < restored.height()) {
                throw new IllegalStateException("output " + restored.width() + "x" + restored.height()
                        + " larger than GT " + gt.width() + "x" + gt.height());
            }
            g = gt.crop(0, 0, restored.width(), restored.height());
        }
        Map<String, Double> v = new LinkedHashMap<>();
        for (Map.Entry<String, ImageMetric> e : metrics.entrySet()) {
            v.put(e.getKey(), e.getValue().compute(restored, g));
        }
        return v;
    }

    private static Map<String, Double> mean(List<ImageResult> images) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (ImageResult r : images) {
            r.values().forEach((k, val) -> m.merge(k, val, Double::sum));
        }
        m.replaceAll((k, val) -> val / Math.max(1, images.size()));
        return m;
    }
}
