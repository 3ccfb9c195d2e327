package io.dckd.tasks.tools;

import com.typesafe.config.ConfigOriginFactory;
import io.dckd.core.image.RgbImage;
import io.dckd.tasks.data.ImageFolder;
import io.dckd.tasks.io.BadImageException;
import io.dckd.tasks.io.ImageFiles;
import io.dckd.tasks.metrics.Psnr;
import io.dckd.tasks.metrics.Ssim;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PSNR/SSIM (BasicSR's definitions, {@link Psnr}, {@link Ssim}) of two folders matched by file name
 * without extension: one line per image and the mean, optionally a JSON file
 * {@code {"crop_border":..,"test_y_channel":..,"images":[{"name","psnr","ssim"}...],"mean":{"psnr","ssim"}}}.
 * Unmatched, unreadable and differently sized images are skipped with a warning.
 */
public final class MetricsTool {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsTool.class);

    private MetricsTool() {}

    /** One image's scores. */
    public record Score(String name, double psnr, double ssim) {}

    /** All scores and their means. */
    public record Result(List<Score> images, double meanPsnr, double meanSsim) {}

    /**
     * @param restoredFolder the images to score
     * @param gtFolder the references
     * @param json where to write the JSON report, or null
     * @param out where to print the table (e.g. System.out), or null
     */
    public static Result run(Path restoredFolder, Path gtFolder, int cropBorder, boolean testYChannel, Path json,
            PrintStream out) throws IOException {
        Map<String, Path> gts = new HashMap<>();
        for (Path g : ImageFolder.list(gtFolder, "gt folder", ConfigOriginFactory.newSimple("metrics"))) {
            gts.put(ImageFiles.stem(g), g);
        }
        List<Score> scores = new ArrayList<>();
        for (Path r : ImageFolder.list(restoredFolder, "restored folder", ConfigOriginFactory.newSimple("metrics"))) {
            String name = ImageFiles.stem(r);
            Path g = gts.get(name);
            if (g == null) {
                LOG.warn("skipping {}: no image named '{}' in {}", r, name, gtFolder);
                continue;
            }
            RgbImage a, b;
            try {
                a = ImageFiles.read(r);
                b = ImageFiles.read(g);
            } catch (BadImageException e) {
                LOG.warn("skipping {}: {}", name, e.getMessage());
                continue;
            }
            if (a.width() != b.width() || a.height() != b.height()) {
                LOG.warn("skipping {}: sizes differ, {}x{} vs {}x{} ({})", r, a.width(), a.height(), b.width(), b.height(), g);
                continue;
            }
            int[] qa = a.toUint8(), qb = b.toUint8();
            scores.add(new Score(name, Psnr.compute(qa, qb, a.width(), a.height(), cropBorder, testYChannel),
                    Ssim.compute(qa, qb, a.width(), a.height(), cropBorder, testYChannel)));
        }
        if (scores.isEmpty()) {
            throw new IOException("no image of " + restoredFolder + " could be matched with " + gtFolder);
        }
        double mp = scores.stream().mapToDouble(Score::psnr).average().orElseThrow();
        double ms = scores.stream().mapToDouble(Score::ssim).average().orElseThrow();
        Result res = new Result(scores, mp, ms);
        if (out != null) {
            for (Score s : scores) {
                out.printf(Locale.ROOT, "%-32s PSNR %.4f dB  SSIM %.4f%n", s.name(), s.psnr(), s.ssim());
            }
            out.printf(Locale.ROOT, "%-32s PSNR %.4f dB  SSIM %.4f  (%d images, crop_border %d, %s)%n", "mean", mp, ms,
                    scores.size(), cropBorder, testYChannel ? "Y" : "RGB");
        }
        if (json != null) {
            Files.writeString(json, toJson(res, cropBorder, testYChannel));
        }
        return res;
    }

    static String toJson(Result r, int crop, boolean y) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\n  \"crop_border\": ").append(crop).append(",\n  \"test_y_channel\": ").append(y).append(",\n  \"images\": [\n");
        for (int i = 0; i < r.images().size(); i++) {
            Score s = r.images().get(i);
            sb.append("    {\"name\": \"").append(s.name().replace("\\", "\\\\").replace("\"", "\\\"")).append("\", \"psnr\": ")
                    .append(num(s.psnr())).append(", \"ssim\": ").append(num(s.ssim())).append('}')
                    .append(i + 1 < r.images().size() ? ",\n" : "\n");
        }
        sb.append("  ],\n  \"mean\": {\"psnr\": ").append(num(r.meanPsnr())).append(", \"ssim\": ").append(num(r.meanSsim()))
                .append("}\n}\n");
        return sb.toString();
    }

    private static String num(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "\"" + v + "\"";
    }
}
