package io.dckd.tasks.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks that a BMP file holds all the pixel data its header declares: javax.imageio refuses an
 * uncompressed BMP cut short (EOFException) but not every damaged one (an RLE file, a file-size
 * field larger than the file). BMP has no checksum, so damaged pixel bytes inside a complete file
 * cannot be found; this only checks sizes: the file-size field (when set) and, for uncompressed
 * and bit-field files, pixel offset + padded rows × height against the file's length.
 */
final class BmpIntegrity {

    private static final int BI_RGB = 0;
    private static final int BI_BITFIELDS = 3;

    private BmpIntegrity() {}

    /** Throws a {@link BadImageException} naming {@code file} and what is missing. */
    static void verify(Path file) throws BadImageException {
        long length;
        ByteBuffer h = ByteBuffer.allocate(54).order(ByteOrder.LITTLE_ENDIAN);
        try (InputStream in = Files.newInputStream(file)) {
            length = Files.size(file);
            h.put(in.readNBytes(54)).flip();
        } catch (IOException e) {
            throw new BadImageException(file, "cannot read (" + e + ")", e);
        }
        if (h.limit() < 26) {
            throw new BadImageException(file, "truncated BMP header (" + h.limit() + " bytes)");
        }
        long declared = h.getInt(2) & 0xffffffffL;
        long offset = h.getInt(10) & 0xffffffffL;
        if (declared > length) {
            throw new BadImageException(file, "truncated BMP: the header declares " + declared + " bytes, the file has " + length);
        }
        int dib = h.getInt(14);
        if (dib < 40 || h.limit() < 54) {
            return; // OS/2 core header: ImageIO's own EOF checks apply
        }
        long w = h.getInt(18), ht = Math.abs((long) h.getInt(22));
        int bpp = h.getShort(28) & 0xffff, compression = h.getInt(30);
        if (compression != BI_RGB && compression != BI_BITFIELDS) {
            return; // run-length data has no fixed size
        }
        long stride = (w * bpp + 31) / 32 * 4;
        long needed = offset + stride * ht;
        if (w > 0 && needed > length) {
            throw new BadImageException(file, "truncated BMP: " + w + "x" + ht + " at " + bpp + " bits needs " + needed
                    + " bytes, the file has " + length);
        }
    }
}
