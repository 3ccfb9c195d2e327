package io.dckd.tasks.io;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Verifies a PNG file's own checksums before it is decoded, because javax.imageio does not: it
 * ignores chunk CRCs and, when the compressed image data ends early, returns an image whose last
 * rows are never filled (a PNG cut a few bytes before its end decodes "successfully").
 *
 * <p>Checked: the signature; every chunk's CRC-32 (over type and data, {@link CRC32}); IHDR first
 * with a known colour type and bit depth; the concatenated IDAT data inflates completely (zlib
 * stream finished, Adler-32 checked by {@link Inflater}) to exactly the size IHDR implies (filter
 * byte plus packed samples per row, per Adam7 pass when interlaced); IEND present. Bytes after IEND
 * are ignored, as every decoder does. The file is streamed: the inflated data is counted, not kept.
 */
final class PngIntegrity {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    /** Adam7 passes: x0, y0, dx, dy. */
    private static final int[][] ADAM7 = {{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}};

    private PngIntegrity() {}

    /** Throws a {@link BadImageException} naming {@code file} and the first problem found. */
    static void verify(Path file) throws BadImageException {
        try (InputStream raw = Files.newInputStream(file); DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            new Walk(file, in).run();
        } catch (BadImageException e) {
            throw e;
        } catch (EOFException e) {
            throw new BadImageException(file, "truncated PNG (the file ends inside a chunk or before IEND)", e);
        } catch (IOException e) {
            throw new BadImageException(file, "cannot read (" + e + ")", e);
        }
    }

    /** One pass over the chunks of one file. */
    private static final class Walk {
        private final Path file;
        private final DataInputStream in;
        private final Inflater inflater = new Inflater();
        private final byte[] sink = new byte[1 << 16];
        private long expected = -1;
        private long inflated;

        Walk(Path file, DataInputStream in) {
            this.file = file;
            this.in = in;
        }

        void run() throws IOException {
            try {
                byte[] sig = new byte[8];
                in.readFully(sig);
                if (!Arrays.equals(sig, SIGNATURE)) {
                    throw bad("not a PNG signature");
                }
                String previous = "";
                boolean idatDone = false;
                for (int index = 0;; index++) {
                    long length = in.readInt() & 0xffffffffL;
                    if (length > Integer.MAX_VALUE) {
                        throw bad("chunk " + index + " declares " + length + " bytes");
                    }
                    byte[] typeBytes = new byte[4];
                    in.readFully(typeBytes);
                    String type = new String(typeBytes, StandardCharsets.ISO_8859_1);
                    if (!type.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
                        throw bad("chunk " + index + " has an invalid type (corrupt chunk structure)");
                    }
                    if (index == 0 && !type.equals("IHDR")) {
                        throw bad("the first chunk is " + type + ", not IHDR");
                    }
                    CRC32 crc = new CRC32();
                    crc.update(typeBytes);
                    if (type.equals("IDAT")) {
                        if (idatDone) {
                            throw bad("IDAT chunks are not consecutive");
                        }
                        idat(length, crc);
                    } else {
                        if (previous.equals("IDAT")) {
                            idatDone = true;
                        }
                        byte[] data = readChunk(length, crc);
                        if (type.equals("IHDR")) {
                            checkCrc(type, crc);
                            header(data);
                            previous = type;
                            continue;
                        }
                    }
                    checkCrc(type, crc);
                    if (type.equals("IEND")) {
                        end();
                        return;
                    }
                    previous = type;
                }
            } finally {
                inflater.end();
            }
        }

        private byte[] readChunk(long length, CRC32 crc) throws IOException {
            // only IHDR is kept; other chunks (text, ICC profiles) are checksummed in pieces
            if (length <= 64) {
                byte[] data = new byte[(int) length];
                in.readFully(data);
                crc.update(data);
                return data;
            }
            byte[] buf = new byte[8192];
            for (long left = length; left > 0;) {
                int n = (int) Math.min(buf.length, left);
                in.readFully(buf, 0, n);
                crc.update(buf, 0, n);
                left -= n;
            }
            return null;
        }

        private void checkCrc(String type, CRC32 crc) throws IOException {
            long stored = in.readInt() & 0xffffffffL;
            if (stored != crc.getValue()) {
                throw bad("CRC mismatch in the " + type + " chunk (stored " + Long.toHexString(stored) + ", computed "
                        + Long.toHexString(crc.getValue()) + ")");
            }
        }

        private void header(byte[] data) throws BadImageException {
            if (data == null || data.length != 13) {
                throw bad("IHDR is not 13 bytes long");
            }
            long w = readUInt(data, 0), h = readUInt(data, 4);
            int depth = data[8] & 0xff, colour = data[9] & 0xff, interlace = data[12] & 0xff;
            int channels = switch (colour) {
                case 0, 3 -> 1;
                case 2 -> 3;
                case 4 -> 2;
                case 6 -> 4;
                default -> throw bad("IHDR has an unknown colour type " + colour);
            };
            boolean depthOk = switch (colour) {
                case 0 -> depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
                case 3 -> depth == 1 || depth == 2 || depth == 4 || depth == 8;
                default -> depth == 8 || depth == 16;
            };
            if (!depthOk || interlace > 1 || w == 0 || h == 0) {
                throw bad("IHDR is invalid (" + w + "x" + h + ", colour type " + colour + ", bit depth " + depth + ", interlace " + interlace + ")");
            }
            long bitsPerPixel = (long) channels * depth;
            expected = 0;
            int[][] passes = interlace == 1 ? ADAM7 : new int[][] {{0, 0, 1, 1}};
            for (int[] p : passes) {
                long pw = (w - p[0] + p[2] - 1) / p[2], ph = (h - p[1] + p[3] - 1) / p[3];
                if (pw > 0 && ph > 0) {
                    expected += ph * (1 + (pw * bitsPerPixel + 7) / 8);
                }
            }
        }

        private void idat(long length, CRC32 crc) throws IOException {
            if (expected < 0) {
                throw bad("IDAT before IHDR");
            }
            byte[] buf = new byte[(int) Math.min(length, 1 << 16)];
            for (long left = length; left > 0;) {
                int n = (int) Math.min(buf.length, left);
                in.readFully(buf, 0, n);
                crc.update(buf, 0, n);
                left -= n;
                if (inflater.finished()) {
                    throw bad("IDAT data continues after the end of the compressed image stream");
                }
                inflater.setInput(buf, 0, n);
                drain();
            }
        }

        private void drain() throws BadImageException {
            try {
                while (!inflater.finished() && !inflater.needsInput()) {
                    int n = inflater.inflate(sink);
                    inflated += n;
                    if (inflated > expected) {
                        throw bad("the image data inflates to more than the " + expected + " bytes IHDR implies");
                    }
                    if (n == 0 && inflater.needsDictionary()) {
                        throw bad("the image data asks for a preset zlib dictionary");
                    }
                }
                if (inflater.finished() && inflater.getRemaining() > 0) {
                    throw bad("IDAT data continues after the end of the compressed image stream");
                }
            } catch (DataFormatException e) {
                throw new BadImageException(file, "corrupt compressed image data (" + e.getMessage() + ")", e);
            }
        }

        private void end() throws BadImageException {
            if (expected < 0) {
                throw bad("no IHDR chunk");
            }
            if (!inflater.finished()) {
                throw bad("the compressed image data ends early (" + inflated + " of " + expected + " bytes; truncated or missing IDAT)");
            }
            if (inflated != expected) {
                throw bad("the image data inflates to " + inflated + " bytes, IHDR implies " + expected);
            }
        }

        private BadImageException bad(String reason) {
            return new BadImageException(file, reason);
        }

        private static long readUInt(byte[] b, int at) {
            return ((b[at] & 0xffL) << 24) | ((b[at + 1] & 0xffL) << 16) | ((b[at + 2] & 0xffL) << 8) | (b[at + 3] & 0xffL);
        }
    }
}
