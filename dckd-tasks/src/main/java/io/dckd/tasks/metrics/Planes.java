package io.dckd.tasks.metrics;

/** Border crop and channel selection shared by {@link Psnr} and {@link Ssim}. */
final class Planes {

    private Planes() {}

    /**
     * The measured planes of an 8-bit CHW RGB image: [Y] or [R, G, B], each cropped by
     * {@code crop} pixels on every side, as float64 values in [0,255].
     */
    static double[][] of(int[] rgb, int width, int height, int crop, boolean yChannel) {
        if (rgb.length != 3 * width * height) {
            throw new IllegalArgumentException("expected " + 3L * width * height + " values for a " + width + "x"
                    + height + " RGB image, got " + rgb.length);
        }
        if (crop < 0 || 2 * crop >= width || 2 * crop >= height) {
            throw new IllegalArgumentException("crop_border " + crop + " leaves nothing of a " + width + "x" + height + " image");
        }
        int cw = width - 2 * crop, ch = height - 2 * crop;
        double[][] full;
        if (yChannel) {
            full = new double[][] {YChannel.of(rgb, width, height)};
        } else {
            int plane = width * height;
            full = new double[3][plane];
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < plane; i++) {
                    full[c][i] = rgb[c * plane + i];
                }
            }
        }
        if (crop == 0) {
            return full;
        }
        double[][] out = new double[full.length][cw * ch];
        for (int c = 0; c < full.length; c++) {
            for (int y = 0; y < ch; y++) {
                System.arraycopy(full[c], (y + crop) * width + crop, out[c], y * cw, cw);
            }
        }
        return out;
    }
}
