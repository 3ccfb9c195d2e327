package io.dckd.tasks.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dckd.core.image.RgbImage;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading every PNG flavour, JPEG, and rejecting bad files with a typed exception naming the file. */
class ImageFilesTest {

    @TempDir
    Path dir;

    static RgbImage gradient(int w, int h) {
        float[] d = new float[3 * w * h];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    d[(c * h + y) * w + x] = ((x * 7 + y * 13 + c * 50) % 256) / 255f;
                }
            }
        }
        return new RgbImage(w, h, d);
    }

    /**
     * A 1×1 PNG written through a {@link ComponentColorModel} (16-bit samples or alpha, which
     * BufferedImage's predefined types do not combine), read back as 8-bit RGB.
     */
    private int[] onePixelPng(int colorSpace, boolean alpha, int dataType, int[] pixel, String name) throws Exception {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(colorSpace), alpha, false,
                alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, dataType);
        WritableRaster raster = cm.createCompatibleWritableRaster(1, 1);
        raster.setPixel(0, 0, pixel);
        Path f = dir.resolve(name);
        ImageIO.write(new BufferedImage(cm, raster, false, null), "png", f.toFile());
        return ImageFiles.read(f).toUint8();
    }

    @Test
    void pngRoundTripIsExactIn8Bits() throws Exception {
        RgbImage img = gradient(17, 11);
        Path f = dir.resolve("a.png");
        ImageFiles.write(img, f);
        RgbImage back = ImageFiles.read(f);
        assertArrayEquals(img.toUint8(), back.toUint8());
        assertArrayEquals(new int[] {17, 11}, ImageFiles.size(f));
    }

    @Test
    void writeRoundsLikeTensor2img() throws Exception {
        float[] d = new float[3];
        d[0] = 1.7f;           // clamps to 255
        d[1] = -0.2f;          // clamps to 0
        d[2] = 100.4f / 255f;  // rounds to 100
        Path f = dir.resolve("r.png");
        ImageFiles.write(new RgbImage(1, 1, d), f);
        assertArrayEquals(new int[] {255, 0, 100}, ImageFiles.read(f).toUint8());
    }

    @Test
    void sixteenBitPngKeepsPrecision() throws Exception {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        img.getRaster().setSample(0, 0, 0, 65535);
        img.getRaster().setSample(1, 0, 0, 32768);
        Path f = dir.resolve("g16.png");
        ImageIO.write(img, "png", f.toFile());
        RgbImage r = ImageFiles.read(f);
        assertEquals(1f, r.get(0, 0, 0), 1e-7);
        assertEquals(32768f / 65535f, r.get(2, 0, 1), 1e-7);
    }

    @Test
    void sixteenBitRgbPng() throws Exception {
        int[] back = onePixelPng(ColorSpace.CS_sRGB, false, DataBuffer.TYPE_USHORT, new int[] {65535, 0, 13107}, "rgb16.png");
        assertArrayEquals(new int[] {255, 0, 51}, back);
    }

    @Test
    void grayPngIsReplicatedWithoutGamma() throws Exception {
        BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSample(0, 0, 0, 100);
        Path f = dir.resolve("g.png");
        ImageIO.write(img, "png", f.toFile());
        assertArrayEquals(new int[] {100, 100, 100}, ImageFiles.read(f).toUint8());
    }

    @Test
    void grayAlphaPngDropsAlpha() throws Exception {
        int[] back = onePixelPng(ColorSpace.CS_GRAY, true, DataBuffer.TYPE_BYTE, new int[] {77, 10}, "ga.png");
        assertArrayEquals(new int[] {77, 77, 77}, back);
    }

    @Test
    void rgbaPngDropsAlpha() throws Exception {
        BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_4BYTE_ABGR);
        img.getRaster().setPixel(0, 0, new int[] {10, 20, 30, 0});
        Path f = dir.resolve("rgba.png");
        ImageIO.write(img, "png", f.toFile());
        assertArrayEquals(new int[] {10, 20, 30}, ImageFiles.read(f).toUint8());
    }

    @Test
    void palettePngIsExpanded() throws Exception {
        byte[] r = {0, (byte) 200}, g = {0, 50}, b = {0, 7};
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, 2, r, g, b));
        img.getRaster().setSample(1, 0, 0, 1);
        Path f = dir.resolve("pal.png");
        ImageIO.write(img, "png", f.toFile());
        assertArrayEquals(new int[] {0, 200, 0, 50, 0, 7}, ImageFiles.read(f).toUint8());
    }

    @Test
    void jpegReadsCloseToWhatWasWritten() throws Exception {
        RgbImage img = new RgbImage(16, 16, filled(3 * 256, 0.5f));
        Path f = dir.resolve("x.jpg");
        ImageFiles.write(img, f);
        int[] q = ImageFiles.read(f).toUint8();
        assertTrue(Arrays.stream(q).allMatch(v -> Math.abs(v - 128) <= 2), Arrays.toString(q));
    }

    @Test
    void nonAsciiNamesWork() throws Exception {
        Path f = dir.resolve("bücher_图像_é.png");
        ImageFiles.write(gradient(4, 4), f);
        assertArrayEquals(gradient(4, 4).toUint8(), ImageFiles.read(f).toUint8());
    }

    @Test
    void zeroByteTruncatedCorruptAndMissingFilesThrowNamingTheFile() throws Exception {
        Path zero = Files.createFile(dir.resolve("zero.png"));
        Path full = dir.resolve("full.png");
        ImageFiles.write(gradient(64, 64), full);
        byte[] bytes = Files.readAllBytes(full);
        Path truncated = Files.write(dir.resolve("trunc.png"), Arrays.copyOf(bytes, bytes.length / 2));
        Path corrupt = Files.write(dir.resolve("junk.png"), "this is not an image".getBytes());
        Path missing = dir.resolve("missing.png");
        for (Path p : new Path[] {zero, truncated, corrupt, missing}) {
            BadImageException e = assertThrows(BadImageException.class, () -> ImageFiles.read(p));
            assertEquals(p, e.file());
            assertTrue(e.getMessage().contains(p.getFileName().toString()), e.getMessage());
        }
    }

    /** A 96x80 photograph-like image: smooth waves plus seeded noise, like {@link ImageFuzzTest#photo()}. */
    static RgbImage photo(int w, int h) {
        float[] chw = new float[3 * w * h];
        java.util.Random r = new java.util.Random(7);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    chw[(c * h + y) * w + x] = (float) Math.min(1, Math.max(0, 0.5 + 0.4 * Math.sin((x + 9 * c) / 6.0) * Math.cos(y / 5.0)
                            + 0.05 * r.nextGaussian()));
                }
            }
        }
        return new RgbImage(w, h, chw);
    }

    private byte[] encoded(String ext) throws Exception {
        Path f = dir.resolve("photo." + ext);
        ImageFiles.write(photo(96, 80), f);
        return Files.readAllBytes(f);
    }

    /** Asserts that reading {@code bytes} as {@code name} is refused, naming the file and containing {@code why}. */
    private void assertRefused(String name, byte[] bytes, String why) throws Exception {
        Path p = Files.write(dir.resolve(name), bytes);
        BadImageException e = assertThrows(BadImageException.class, () -> ImageFiles.read(p), name + " was decoded");
        assertEquals(p, e.file());
        assertTrue(e.getMessage().contains(name) && e.getMessage().contains(why), e.getMessage());
    }

    @Test
    void aTruncatedJpegIsRefusedNotDecodedHalfGrey() throws Exception {
        byte[] b = encoded("jpg");
        assertRefused("cut-half.jpg", Arrays.copyOf(b, b.length / 2), "truncated");
        assertRefused("cut-eoi.jpg", Arrays.copyOf(b, b.length - 2), "truncated");
    }

    @Test
    void aJpegWithGarbageInTheMiddleIsRefused() throws Exception {
        byte[] b = encoded("jpg");
        java.util.Random r = new java.util.Random(5);
        byte[] overwritten = b.clone();
        for (int i = b.length / 2; i < b.length / 2 + 64; i++) {
            overwritten[i] = (byte) r.nextInt(256);
        }
        assertRefused("overwritten.jpg", overwritten, "damaged scan data");
        byte[] inserted = new byte[b.length + 64];
        System.arraycopy(b, 0, inserted, 0, b.length / 2);
        System.arraycopy(overwritten, b.length / 2, inserted, b.length / 2, 64);
        System.arraycopy(b, b.length / 2, inserted, b.length / 2 + 64, b.length - b.length / 2);
        assertRefused("inserted.jpg", inserted, "damaged scan data");
    }

    @Test
    void aPngWithAFlippedCrcByteIsRefused() throws Exception {
        byte[] b = encoded("png");
        byte[] ihdr = b.clone();
        ihdr[29] ^= 0x01; // the IHDR CRC: javax.imageio never looks at it
        assertRefused("ihdr-crc.png", ihdr, "CRC mismatch in the IHDR chunk");
        byte[] iend = b.clone();
        iend[b.length - 1] ^= 0x40; // the last byte of the file: the IEND CRC
        assertRefused("iend-crc.png", iend, "CRC mismatch in the IEND chunk");
    }

    @Test
    void aPngCutShortIsRefusedWhereverItIsCut() throws Exception {
        byte[] b = encoded("png");
        assertRefused("no-iend.png", Arrays.copyOf(b, b.length - 12), "truncated PNG");
        assertRefused("cut-half.png", Arrays.copyOf(b, b.length / 2), "truncated PNG");
    }

    @Test
    void aTruncatedBmpIsRefused() throws Exception {
        byte[] b = encoded("bmp");
        assertRefused("cut.bmp", Arrays.copyOf(b, b.length - 100), "truncated BMP");
    }

    @Test
    void intactFilesOfEveryFormatStillDecode() throws Exception {
        for (String ext : new String[] {"png", "jpg", "bmp"}) {
            Path p = Files.write(dir.resolve("intact." + ext), encoded(ext));
            assertEquals(96, ImageFiles.read(p).width(), ext);
        }
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        Arrays.fill(a, v);
        return a;
    }
}
