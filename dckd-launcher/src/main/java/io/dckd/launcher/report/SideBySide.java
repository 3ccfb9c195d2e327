package io.dckd.launcher.report;

import io.dckd.core.image.RgbImage;
import io.dckd.tasks.io.ImageFiles;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;

/**
 * Image helpers of the eval crops: nearest-neighbour upscaling (each LR pixel becomes an s×s block,
 * so the input's pixels stay visible), the centre window of an output aligned to the scale, and
 * panels placed left to right on a white background with a gap between them, optionally under a band
 * naming each panel.
 */
public final class SideBySide {

    private SideBySide() {}

    /** Nearest-neighbour upscaling by an integer factor: out(x, y) = in(x / s, y / s). */
    public static RgbImage nearest(RgbImage img, int s) {
        if (s == 1) {
            return img;
        }
        int w = img.width() * s, h = img.height() * s;
        float[] out = new float[3 * w * h];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out[(c * h + y) * w + x] = img.get(c, y / s, x / s);
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    /**
     * The centre window of a {@code width}×{@code height} output: side {@code min(size, width, height)}
     * rounded down to a multiple of {@code scale}, top-left corner on a multiple of {@code scale} so the
     * matching input window is exact.
     *
     * @return {x0, y0, side} in output pixels
     */
    public static int[] centreWindow(int width, int height, int size, int scale) {
        int side = Math.min(size, Math.min(width, height)) / scale * scale;
        if (side <= 0) {
            throw new IllegalArgumentException("image " + width + "x" + height + " too small for a x" + scale + " crop");
        }
        int x0 = (width - side) / 2 / scale * scale;
        int y0 = (height - side) / 2 / scale * scale;
        return new int[] {x0, y0, side};
    }

    /** Panels of equal height side by side, {@code gap} white pixels apart. */
    public static RgbImage row(List<RgbImage> panels, int gap) {
        int h = panels.get(0).height();
        int w = panels.stream().mapToInt(RgbImage::width).sum() + gap * (panels.size() - 1);
        float[] out = new float[3 * w * h];
        Arrays.fill(out, 1f);
        int x0 = 0;
        for (RgbImage p : panels) {
            if (p.height() != h) {
                throw new IllegalArgumentException("panel heights differ: " + p.height() + " vs " + h);
            }
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < h; y++) {
                    System.arraycopy(p.chw(), (c * h + y) * p.width(), out, (c * h + y) * w + x0, p.width());
                }
            }
            x0 += p.width() + gap;
        }
        return new RgbImage(w, h, out);
    }

    /** Height in pixels of the label band of {@link #labelledRow}. */
    public static final int LABEL_BAND = 18;

    /**
     * {@link #row} under a white band of {@value #LABEL_BAND} pixels with each panel's label centred
     * above it in black (shrunk, then cut with an ellipsis, to fit the panel's width), so a crop sheet
     * reads without a legend file.
     */
    public static RgbImage labelledRow(List<RgbImage> panels, List<String> labels, int gap) {
        if (labels.size() != panels.size()) {
            throw new IllegalArgumentException(labels.size() + " labels for " + panels.size() + " panels");
        }
        RgbImage row = row(panels, gap);
        BufferedImage sheet = new BufferedImage(row.width(), row.height() + LABEL_BAND, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
            g.drawImage(ImageFiles.toBufferedImage(row), 0, LABEL_BAND, null);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.BLACK);
            int x0 = 0;
            for (int i = 0; i < panels.size(); i++) {
                int w = panels.get(i).width();
                drawCentred(g, labels.get(i), x0, w);
                x0 += w + gap;
            }
        } finally {
            g.dispose();
        }
        return ImageFiles.toRgb(sheet);
    }

    private static void drawCentred(Graphics2D g, String label, int x0, int width) {
        int size = 12;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, size));
        while (g.getFontMetrics().stringWidth(label) > width - 2 && size > 8) {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, --size));
        }
        String text = label;
        FontMetrics fm = g.getFontMetrics();
        while (text.length() > 1 && fm.stringWidth(text) > width - 2) {
            text = text.substring(0, text.length() - 2) + "\u2026";
        }
        int baseline = (LABEL_BAND + fm.getAscent() - fm.getDescent()) / 2;
        g.drawString(text, x0 + Math.max(0, (width - fm.stringWidth(text)) / 2), baseline);
    }
}
