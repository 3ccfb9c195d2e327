package io.dckd.launcher.cmd;

import com.typesafe.config.ConfigOriginFactory;
import io.dckd.launcher.Dckd;
import io.dckd.tasks.data.ImageFolder;
import io.dckd.tasks.io.BadImageException;
import io.dckd.tasks.io.ImageFiles;
import io.dckd.tasks.tools.ExtractSubimages;
import io.dckd.tasks.tools.PrepareTool;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dckd prepare}: data preparation as BasicSR's scripts do it.
 * <ul>
 *   <li>{@code --scale S --input HR --output LR}: bicubic LR images ({@link PrepareTool}: MATLAB
 *       {@code imresize(mod_crop(hr, S), 1/S)}, rounded to 8-bit PNG, same names). With
 *       {@code --crop-to-multiple} the HR trimmed to a multiple of S (BasicSR's {@code mod_crop}) is
 *       written too, to {@code --cropped-hr} (default {@code <input>_modS} next to the input).</li>
 *   <li>{@code --subimages --input DIR --output DIR}: {@code extract_subimages.py} ({@link ExtractSubimages}).</li>
 * </ul>
 */
@Command(name = "prepare", mixinStandardHelpOptions = true,
        description = {"Prepare data: bicubic LR images of an HR folder (--scale), or sub-images of large images (--subimages)."})
public final class PrepareCommand implements Callable<Integer> {

    @Option(names = "--input", required = true, description = "folder of input images (HR, or the images to cut)")
    Path input;

    @Option(names = "--output", required = true, description = "folder for the LR images or the sub-images (created)")
    Path output;

    @Option(names = "--scale", description = "down-scaling factor of the LR images")
    Integer scale;

    @Option(names = "--crop-to-multiple", description = "also write the HR images trimmed to a multiple of the scale (mod_crop)")
    boolean cropToMultiple;

    @Option(names = "--cropped-hr", description = "folder for the trimmed HR images (implies --crop-to-multiple); default: <input>_mod<S>")
    Path croppedHr;

    @Option(names = "--subimages", description = "cut every image into crop-size squares on a grid of the given step (extract_subimages.py)")
    boolean subimages;

    @Option(names = "--crop-size", defaultValue = "480", description = "sub-image side (default: ${DEFAULT-VALUE})")
    int cropSize;

    @Option(names = "--step", defaultValue = "240", description = "grid step (default: ${DEFAULT-VALUE})")
    int step;

    @Option(names = "--thresh-size", defaultValue = "0", description = "add a crop flush with the border when more than this remains (default: ${DEFAULT-VALUE})")
    int threshSize;

    @Override
    public Integer call() throws Exception {
        if (subimages) {
            if (scale != null || cropToMultiple || croppedHr != null) {
                throw new Dckd.UsageException("--subimages takes --crop-size, --step and --thresh-size, not --scale, --crop-to-multiple or --cropped-hr");
            }
            if (cropSize < 1 || step < 1 || threshSize < 0) {
                throw new Dckd.UsageException("--crop-size and --step must be >= 1 and --thresh-size >= 0");
            }
            int n = ExtractSubimages.run(input, output, cropSize, step, threshSize);
            System.out.printf("wrote %d sub-images of %dx%d (step %d, thresh_size %d) to %s%n", n, cropSize, cropSize, step, threshSize, output);
            return 0;
        }
        if (scale == null) {
            throw new Dckd.UsageException("prepare needs --scale S (bicubic LR images) or --subimages");
        }
        if (scale < 1) {
            throw new Dckd.UsageException("--scale must be >= 1, got " + scale);
        }
        Path hr = null;
        if (cropToMultiple || croppedHr != null) {
            hr = croppedHr != null ? croppedHr : siblingOf(input, "_mod" + scale);
        }
        int notMultiple = hr == null ? countNotMultiple(input, scale) : 0;
        int n = PrepareTool.run(input, output, scale, hr);
        System.out.printf("wrote %d LR x%d images to %s%s%n", n, scale, output, hr != null ? " and the HR trimmed to a multiple of " + scale + " to " + hr : "");
        if (notMultiple > 0) {
            System.err.printf("dckd: %d HR image(s) are not a multiple of %d: their LR matches the top-left part "
                    + "(mod_crop); --crop-to-multiple writes the matching HR%n", notMultiple, scale);
        }
        return 0;
    }

    private static Path siblingOf(Path dir, String suffix) {
        Path abs = dir.toAbsolutePath().normalize();
        return abs.resolveSibling(abs.getFileName() + suffix);
    }

    private static int countNotMultiple(Path dir, int scale) throws IOException {
        int n = 0;
        for (Path f : ImageFolder.list(dir, "input folder", ConfigOriginFactory.newSimple("--input"))) {
            try {
                int[] wh = ImageFiles.size(f);
                if (wh[0] % scale != 0 || wh[1] % scale != 0) {
                    n++;
                }
            } catch (BadImageException e) {
                // reported (and skipped) by PrepareTool
            }
        }
        return n;
    }
}
