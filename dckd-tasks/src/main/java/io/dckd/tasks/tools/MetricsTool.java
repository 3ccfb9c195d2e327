package io.dckd.tasks.tools;

import com.typesafe.config.ConfigOriginFactory;
import io.dckd.core.image.RgbImage;
import io.dckd.tasks.data.ImageFolder;
import io.dckd.tasks.io.BadImageException;
import io.dckd.tasks.io.BadImagesException;
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
 * without extension: one line per image and the mean, optionally a JSON file ({@link MetricsJson}).
 * An unreadable (truncated, corrupt) image is an error naming every such file, because a mean over
 * fewer images than the folder holds is a different number; with {@code skipBad} those images are
 * left out and listed as skipped in the table and the JSON. Unmatched and differently sized images
 * are skipped with a warning.
 */
public final class MetricsTool {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsTool.class);

    private MetricsTool() {}

    /** One image's scores. */
    public record Score(String name, double psnr, double ssim) {}

    /** All scores, their means, and the unreadable files left out (empty unless {@code skipBad}). */
    public record Result(List<Score> images, double meanPsnr, double meanSsim, List<BadImageException> skipped) {}

    /** {@link #run(Path, Path, int, boolean, boolean, Path, PrintStream)} where an unreadable image is an error. */
    public static Result run(Path restoredFolder, Path gtFolder, int cropBorder, boolean testYChannel, Path json,
            PrintStream out) throws IOException {
        return run(restoredFolder, gtFolder, cropBorder, testYChannel, false, json, out);
    }

    /**
     * @param restoredFolder the images to score
     * @param gtFolder the references
     * @param skipBad leave unreadable images out (listed as skipped) instead of failing
     * @param json where to write the JSON report, or null
     * @param out where to print the table (e.g. System.out), or null
     * @throws BadImagesException naming every unreadable image (restored or reference), unless {@code skipBad}
     */
    public static Result run(Path restoredFolder, Path gtFolder, int cropBorder, boolean testYChannel, boolean skipBad,
            Path json, PrintStream out) throws IOException {
        Map<String, Path> gts = new HashMap<>();
        for (Path g : ImageFolder.list(gtFolder, "gt folder", ConfigOriginFactory.newSimple("metrics"))) {
            gts.put(ImageFiles.stem(g), g);
        }
        List<Score> scores = new ArrayList<>();
        List<BadImageException> bad = new ArrayList<>();
        for (Path r : ImageFolder.list(restoredFolder, "restored folder", ConfigOriginFactory.newSimple("metrics"))) {
            String name = ImageFiles.stem(r);
            Path g = gts.get(name);
            if (g == null) {
                LOG.warn("skipping {}: no image named '{}' in {}", r, name, gtFolder);
                continue;
            }
            RgbImage a = readOrCollect(r, bad), b = readOrCollect(g, bad);
            if (a == null || b == null) {
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
        if (!bad.isEmpty() && !skipBad) {
            throw new BadImagesException(bad.size() + " unreadable image" + (bad.size() == 1 ? "" : "s") + ", nothing scored", bad);
        }
        for (BadImageException e : bad) {
            LOG.warn("skipping {}: {}", e.file(), e.reason());
        }
        if (scores.isEmpty()) {
            throw new IOException("no image of " + restoredFolder + " could be matched with " + gtFolder);
        }
        double mp = scores.stream().mapToDouble(Score::psnr).average().orElseThrow();
        double ms = scores.stream().mapToDouble(Score::ssim).average().orElseThrow();
        Result res = new Result(scores, mp, ms, List.copyOf(bad));
        if (out != null) {
            for (Score s : scores) {
                out.printf(Locale.ROOT, "%-32s PSNR %.4f dB  SSIM %.4f%n", s.name(), s.psnr(), s.ssim());
            }
            for (BadImageException e : bad) {
                out.printf(Locale.ROOT, "%-32s %s: %s%n", "skipped", e.file(), e.reason());
            }
            out.printf(Locale.ROOT, "%-32s PSNR %.4f dB  SSIM %.4f  (%d images, %d skipped, crop_border %d, %s)%n", "mean", mp, ms,
                    scores.size(), bad.size(), cropBorder, testYChannel ? "Y" : "RGB");
        }
        if (json != null) {
            Files.writeString(json, MetricsJson.of(res, cropBorder, testYChannel));
        }
        return res;
    }

    /** Decodes {@code file}, or adds why not to {@code bad} and returns null. */
    private static RgbImage readOrCollect(Path file, List<BadImageException> bad) {
        try {
            return ImageFiles.read(file);
        } catch (BadImageException e) {
            bad.add(e);
            return null;
        }
    }
}
