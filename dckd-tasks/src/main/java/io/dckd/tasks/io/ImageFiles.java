package io.dckd.tasks.io;

import io.dckd.core.image.Rgb8Raster;
import io.dckd.core.image.RgbImage;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * Reads and writes RGB images with javax.imageio (PNG, JPEG, BMP by extension).
 *
 * <p>Reading gives values in [0,1]: an n-bit sample s becomes {@code s / (2^n - 1)} (8-bit and 16-bit
 * PNGs keep their full precision), gray and gray+alpha are replicated to three channels, palette
 * images are expanded through their palette, and alpha is dropped (as BasicSR's
 * {@code cv2.imread(IMREAD_COLOR)} does). Samples are taken from the raster directly, so no colour
 * management (gamma) is applied to gray images.
 *
 * <p>Writing quantises like BasicSR's {@code tensor2img}: clamp to [0,1], ×255, round
 * ({@link Rgb8Raster}); PNG is lossless, JPEG is written with quality 95 (OpenCV's default).
 * Files are written to a temporary sibling and renamed into place.
 */
public final class ImageFiles {

    /** File extensions (lower case, no dot) that {@link #read} accepts when listing folders. */
    public static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp");

    /**
     * The largest image {@link #read} decodes, in pixels (width × height, from the header, checked
     * before any pixel memory is allocated): 64 Mpx by default (a 8192×8192 photograph; it takes
     * 768 MiB as float RGB), {@code -Ddckd.image.max_pixels=N} to change. A header claiming more
     * (a hostile or corrupt file: 100000×100000) is a {@link BadImageException}, not an
     * OutOfMemoryError.
     */
    public static final long MAX_PIXELS = Long.getLong("dckd.image.max_pixels", 64L << 20);

    private ImageFiles() {}

    /** True if the file name has an image extension. */
    public static boolean isImage(Path file) {
        return EXTENSIONS.contains(extension(file));
    }

    /** The lower-case extension without the dot, or "". */
    public static String extension(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** The file name without its extension. */
    public static String stem(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot <= 0 ? n : n.substring(0, dot);
    }

    /**
     * Reads only the size of an image from its header (cheap: no pixel decoding).
     *
     * @return {width, height}
     */
    public static int[] size(Path file) throws BadImageException {
        checkFile(file);
        return withReader(file, "unreadable header", reader -> new int[] {reader.getWidth(0), reader.getHeight(0)});
    }

    /** What is done with an image's reader, its input set. */
    @FunctionalInterface
    private interface ReaderUse<T> {
        T apply(ImageReader reader) throws IOException;
    }

    /**
     * Runs {@code use} on the ImageIO reader for {@code file}'s format and disposes of it; any failure
     * other than a {@link BadImageException} becomes one saying {@code failure} and the cause.
     */
    private static <T> T withReader(Path file, String failure, ReaderUse<T> use) throws BadImageException {
        try (InputStream in = Files.newInputStream(file); ImageInputStream iis = ImageIO.createImageInputStream(in)) {
            ImageReader reader = readerFor(file, iis);
            try {
                reader.setInput(iis, true, true);
                return use.apply(reader);
            } finally {
                reader.dispose();
            }
        } catch (BadImageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new BadImageException(file, failure + " (" + e + ")", e);
        }
    }

    /**
     * Decodes {@code file} into an RGB image with values in [0,1]. A truncated or corrupt file is a
     * {@link BadImageException}, never a partly decoded image: the file's own checksums and structure
     * are verified first ({@link ImageIntegrity}) and any decoder warning is an error
     * ({@link DecodeWarnings}).
     */
    public static RgbImage read(Path file) throws BadImageException {
        checkFile(file);
        BufferedImage img = withReader(file, "corrupt or truncated", reader -> {
            long w = reader.getWidth(0);
            long h = reader.getHeight(0);
            if (w <= 0 || h <= 0 || w * h > MAX_PIXELS) {
                throw new BadImageException(file, "the header declares " + w + "x" + h + " pixels, more than the limit of "
                        + MAX_PIXELS + " (-Ddckd.image.max_pixels)");
            }
            ImageIntegrity.verify(file, reader.getFormatName());
            DecodeWarnings warnings = DecodeWarnings.on(reader);
            BufferedImage decoded = reader.read(0);
            warnings.throwIfAny(file);
            return decoded;
        });
        if (img == null) {
            throw new BadImageException(file, "decoder returned no image");
        }
        try {
            return toRgb(img);
        } catch (RuntimeException e) {
            throw new BadImageException(file, "unsupported pixel layout (" + e + ")", e);
        }
    }

    /** Converts a decoded (or drawn) image to planar RGB in [0,1]. */
    public static RgbImage toRgb(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight(), plane = w * h;
        float[] chw = new float[3 * plane];
        ColorModel cm = img.getColorModel();
        Raster raster = img.getRaster();
        int bands = raster.getNumBands();
        int bits = raster.getSampleModel().getSampleSize(0);
        boolean direct = !(cm instanceof IndexColorModel) && bits >= 8 && bits <= 16
                && (bands == 1 || bands == 2 || bands == 3 || bands == 4)
                && cm.getNumColorComponents() == (bands >= 3 ? 3 : 1);
        if (direct) {
            float max = (1 << bits) - 1; // divide (not multiply by 1/max) to match numpy's img / 255.
            int[] px = raster.getPixels(0, 0, w, h, (int[]) null);
            int colour = bands >= 3 ? 3 : 1;
            for (int i = 0; i < plane; i++) {
                int o = i * bands;
                if (colour == 3) {
                    chw[i] = px[o] / max;
                    chw[plane + i] = px[o + 1] / max;
                    chw[2 * plane + i] = px[o + 2] / max;
                } else {
                    float v = px[o] / max;
                    chw[i] = v;
                    chw[plane + i] = v;
                    chw[2 * plane + i] = v;
                }
            }
        } else {
            // palette, packed low-bit gray and anything else: through the colour model, 8 bits
            int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < plane; i++) {
                int p = argb[i];
                chw[i] = ((p >> 16) & 0xff) / 255f;
                chw[plane + i] = ((p >> 8) & 0xff) / 255f;
                chw[2 * plane + i] = (p & 0xff) / 255f;
            }
        }
        return new RgbImage(w, h, chw);
    }

    /**
     * Writes {@code image} quantised to 8 bits; the format follows the extension (png, jpg/jpeg,
     * bmp). Parent folders are created.
     */
    public static void write(RgbImage image, Path file) throws IOException {
        write(Rgb8Raster.of(image), file);
    }

    /**
     * Writes an 8-bit raster without copying its pixels (a ×4 restore of a photograph is hundreds of
     * megabytes even at 3 bytes per pixel); the format follows the extension (png, jpg/jpeg, bmp).
     * Parent folders are created.
     */
    public static void write(Rgb8Raster image, Path file) throws IOException {
        String ext = extension(file);
        String format = switch (ext) {
            case "png" -> "png";
            case "jpg", "jpeg" -> "jpeg";
            case "bmp" -> "bmp";
            default -> throw new IOException("cannot write " + file + ": unknown image extension '" + ext
                    + "' (use .png, .jpg or .bmp)");
        };
        BufferedImage img = toBufferedImage(image);
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, ".tmp-", "." + ext);
        try {
            try (OutputStream out = Files.newOutputStream(tmp); ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
                ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
                try {
                    writer.setOutput(ios);
                    ImageWriteParam param = writer.getDefaultWriteParam();
                    if (format.equals("jpeg")) {
                        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                        param.setCompressionQuality(0.95f);
                    }
                    writer.write(null, new IIOImage(img, null, null), param);
                } finally {
                    writer.dispose();
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The 8-bit RGB BufferedImage of {@code image} (clamp, ×255, round). */
    public static BufferedImage toBufferedImage(RgbImage image) {
        return toBufferedImage(Rgb8Raster.of(image));
    }

    /**
     * A {@code TYPE_3BYTE_BGR} BufferedImage backed by {@code raster}'s bytes (shared, not copied),
     * so writing an image costs no second copy of it.
     */
    public static BufferedImage toBufferedImage(Rgb8Raster raster) {
        int w = raster.width();
        int h = raster.height();
        WritableRaster r = Raster.createInterleavedRaster(new DataBufferByte(raster.bgr(), raster.bgr().length), w, h, 3 * w, 3,
                new int[] {2, 1, 0}, null);
        ColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), new int[] {8, 8, 8}, false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        return new BufferedImage(cm, r, false, null);
    }

    private static void checkFile(Path file) throws BadImageException {
        if (!Files.isRegularFile(file)) {
            throw new BadImageException(file, "no such file");
        }
        try {
            if (Files.size(file) == 0) {
                throw new BadImageException(file, "zero-byte file");
            }
        } catch (BadImageException e) {
            throw e;
        } catch (IOException e) {
            throw new BadImageException(file, "cannot stat (" + e + ")", e);
        }
    }

    private static ImageReader readerFor(Path file, ImageInputStream iis) throws BadImageException {
        if (iis == null) {
            throw new BadImageException(file, "cannot open a stream");
        }
        Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
        if (!readers.hasNext()) {
            throw new BadImageException(file, "not a PNG/JPEG/BMP image (no decoder recognises its header)");
        }
        return readers.next();
    }
}
