package io.dckd.launcher.cmd;

import io.dckd.launcher.Dckd;
import io.dckd.tasks.tools.MetricsTool;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dckd metrics --gt DIR --restored DIR}: PSNR/SSIM of two folders matched by file name
 * (BasicSR's {@code scripts/metrics/calculate_psnr_ssim.py}, through {@link MetricsTool}), per image and
 * the mean, optionally as JSON.
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

    @Override
    public Integer call() throws Exception {
        if (cropBorder < 0) {
            throw new Dckd.UsageException("--crop-border must be >= 0");
        }
        MetricsTool.run(restored, gt, cropBorder, yChannel, json, System.out);
        return 0;
    }
}
