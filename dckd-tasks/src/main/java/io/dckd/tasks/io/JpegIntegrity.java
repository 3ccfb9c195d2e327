package io.dckd.tasks.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Verifies a JPEG file's structure and, for Huffman-coded sequential (baseline) frames, its
 * entropy-coded data, because javax.imageio's decoder (libjpeg) decodes damaged files into an image:
 * a truncated file comes back grey below the cut (with only a warning), and random bytes in the
 * middle of the scan come back as smeared blocks with no warning at all. JPEG has no checksum, so
 * this decodes the Huffman code of every block (without the DCT) and refuses what a valid encoder
 * cannot produce: an undefined Huffman code, a coefficient run past the 64th coefficient, a
 * magnitude category beyond the sample precision, restart markers out of sequence, bytes left
 * over or missing at the end of a scan, bytes between segments, a missing end-of-image marker.
 *
 * <p>Progressive and other (lossless, arithmetic) frames get the structural checks only (segment
 * lengths, marker sequence, end-of-image marker); their scans are skipped, not decoded.
 */
final class JpegIntegrity {

    private JpegIntegrity() {}

    /** Throws a {@link BadImageException} naming {@code file} and the first problem found. */
    static void verify(Path file) throws BadImageException {
        byte[] b;
        try {
            b = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadImageException(file, "cannot read (" + e + ")", e);
        }
        try {
            new JpegStructure(b).walk();
        } catch (JpegStructure.Corrupt e) {
            throw new BadImageException(file, "corrupt JPEG: " + e.getMessage());
        }
    }
}
