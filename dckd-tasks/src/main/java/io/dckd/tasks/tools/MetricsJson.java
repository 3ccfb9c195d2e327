package io.dckd.tasks.tools;

import io.dckd.core.io.Json;
import io.dckd.tasks.io.BadImageException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON report of {@link MetricsTool}: {@code crop_border}, {@code test_y_channel}, the scores
 * per image, {@code skipped} (count and files with the reason, so that a mean over fewer images than
 * the folder holds says so in the report itself, not only in a log) and the {@code mean}. Indented
 * ({@link Json#pretty}): scores in full precision, a perfect PSNR as {@code "Infinity"}.
 */
final class MetricsJson {

    private MetricsJson() {}

    static String of(MetricsTool.Result r, int crop, boolean y) {
        List<Map<String, Object>> images = new ArrayList<>();
        for (MetricsTool.Score s : r.images()) {
            images.add(scores(s.name(), s.psnr(), s.ssim()));
        }
        List<Map<String, Object>> files = new ArrayList<>();
        for (BadImageException e : r.skipped()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("file", String.valueOf(e.file()));
            entry.put("reason", e.reason());
            files.add(entry);
        }
        Map<String, Object> skipped = new LinkedHashMap<>();
        skipped.put("count", files.size());
        skipped.put("files", files);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("crop_border", crop);
        doc.put("test_y_channel", y);
        doc.put("images", images);
        doc.put("skipped", skipped);
        doc.put("mean", scores(null, r.meanPsnr(), r.meanSsim()));
        return Json.pretty(doc);
    }

    /** {"name", "psnr", "ssim"}, without the name when it is null. */
    private static Map<String, Object> scores(String name, double psnr, double ssim) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (name != null) {
            m.put("name", name);
        }
        m.put("psnr", psnr);
        m.put("ssim", ssim);
        return m;
    }
}
