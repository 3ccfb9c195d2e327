package io.dckd.tasks.tools;

import io.dckd.core.train.MetricsLog;
import io.dckd.tasks.io.BadImageException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON report of {@link MetricsTool}: {@code crop_border}, {@code test_y_channel}, the scores
 * per image, {@code skipped} (count and files with the reason, so that a mean over fewer images than
 * the folder holds says so in the report itself, not only in a log) and the {@code mean}. Written by
 * hand (a dozen fields do not justify a JSON library in dckd-tasks); the skipped entries, which carry
 * free text, go through {@link MetricsLog#toJson}'s escaping.
 */
final class MetricsJson {

    private MetricsJson() {}

    static String of(MetricsTool.Result r, int crop, boolean y) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\n  \"crop_border\": ").append(crop).append(",\n  \"test_y_channel\": ").append(y).append(",\n  \"images\": [\n");
        for (int i = 0; i < r.images().size(); i++) {
            MetricsTool.Score s = r.images().get(i);
            sb.append("    {\"name\": \"").append(s.name().replace("\\", "\\\\").replace("\"", "\\\"")).append("\", \"psnr\": ")
                    .append(num(s.psnr())).append(", \"ssim\": ").append(num(s.ssim())).append('}').append(i + 1 < r.images().size() ? ",\n" : "\n");
        }
        sb.append("  ],\n  \"skipped\": {\"count\": ").append(r.skipped().size()).append(", \"files\": [");
        for (int i = 0; i < r.skipped().size(); i++) {
            BadImageException e = r.skipped().get(i);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("file", String.valueOf(e.file()));
            entry.put("reason", e.reason());
            sb.append(i == 0 ? "\n" : ",\n").append("    ").append(MetricsLog.toJson(entry));
        }
        sb.append(r.skipped().isEmpty() ? "]},\n" : "\n  ]},\n");
        sb.append("  \"mean\": {\"psnr\": ").append(num(r.meanPsnr())).append(", \"ssim\": ").append(num(r.meanSsim())).append("}\n}\n");
        return sb.toString();
    }

    private static String num(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "\"" + v + "\"";
    }
}
