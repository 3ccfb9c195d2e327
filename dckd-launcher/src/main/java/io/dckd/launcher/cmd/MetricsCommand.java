package io.dckd.launcher.cmd;

import io.dckd.launcher.Dckd;
import io.dckd.tasks.io.BadImagesException;
import io.dckd.tasks.tools.MetricsTool;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dckd metrics --gt DIR --restored DIR}: PSNR/SSIM of two folders matched by file name
 * (BasicSR's {@code scripts/metrics/calculate_psnr_ssim.py}, through {@link MetricsTool}), per image and
 * the mean, optionally as JSON. A truncated or corrupt image is an error (exit 1, every such file
 * named) unless {@code --skip-bad}: a mean over fewer images than the folder holds must not pass for
 * the folder's score.
 */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = "PSNR/SSIM of restored images against ground truth, matched by file name (BasicSR's calculate_psnr_ssim.py).")
public final class MetricsCommand implements Callable<Integer> {

    @Option(names = "--gt", required = true, description = "folder of ground-truth images")
    Path gt;

    @Option(names = "--restored", required = true, description = "folder of restored images (names as in --gt, any image extension)")
    Path restored;

    @Option(names = "--crop-border", defaultValue = "0", description = "pixels removed at each border before measuring, usually the SR scale (default: ${DEFAULT-VALUE})")
    int cropBorder;

    @Option(names = "--y-channel", description = "measure on the Y channel of YCbCr (BasicSR's test_y_channel)")
    boolean yChannel;

    @Option(names = "--json", description = "also write the values as JSON to this file")
    Path json;

    @Option(names = "--skip-bad", description = "score the readable images and list truncated or corrupt ones as skipped"
            + " (in the table and the JSON); without it such a file is an error (exit 1)")
    boolean skipBad;

    @Override
    public Integer call() throws Exception {
        if (cropBorder < 0) {
            throw new Dckd.UsageException("--crop-border must be >= 0");
        }
        try {
            MetricsTool.run(restored, gt, cropBorder, yChannel, skipBad, json, System.out);
        } catch (BadImagesException e) {
            int n = e.failures().size();
            throw new BadImagesException(n + " unreadable image" + (n == 1 ? "" : "s") + ", nothing scored (--skip-bad scores the"
                    + " others and lists these as skipped)", e.failures());
        }
        return 0;
    }
}
