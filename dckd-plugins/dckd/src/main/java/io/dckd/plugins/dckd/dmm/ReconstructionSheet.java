package io.dckd.plugins.dckd.dmm;

import io.dckd.core.image.Png;
import io.dckd.core.image.RgbImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One PNG of a batch of patches above their reconstructions: row 1 the originals, row 2
 * decoder(z_q), side by side in batch order, 2 white pixels between patches and rows; values
 * clamped to [0,1]. Lets a reader see what the codebook keeps of an image.
 */
final class ReconstructionSheet {

    private static final int GAP = 2;

    private ReconstructionSheet() {}

    /**
     * @param originals B×3×S×S, NCHW row-major
     * @param reconstructions the same shape
     * @param patches B (at most {@code maxPatches} are drawn)
     * @param size S
     */
    static RgbImage of(float[] originals, float[] reconstructions, int patches, int size, int maxPatches) {
        int n = Math.min(patches, maxPatches);
        int w = n * size + (n - 1) * GAP;
        int h = 2 * size + GAP;
        float[] chw = new float[3 * w * h];
        Arrays.fill(chw, 1f);
        for (int row = 0; row < 2; row++) {
            float[] src = row == 0 ? originals : reconstructions;
            for (int b = 0; b < n; b++) {
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < size; y++) {
                        int from = ((b * 3 + c) * size + y) * size;
                        int to = (c * h + row * (size + GAP) + y) * w + b * (size + GAP);
                        System.arraycopy(src, from, chw, to, size);
                    }
                }
            }
        }
        return new RgbImage(w, h, chw);
    }

    /** Writes {@link #of} to {@code file} (atomically). */
    static void write(Path file, float[] originals, float[] reconstructions, int patches, int size, int maxPatches) throws IOException {
        Png.write(of(originals, reconstructions, patches, size, maxPatches), file);
    }
}
