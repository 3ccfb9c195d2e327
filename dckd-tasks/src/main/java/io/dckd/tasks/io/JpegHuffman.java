package io.dckd.tasks.io;

/**
 * One canonical JPEG Huffman table (T.81 annex C), decoded bit by bit: {@code maxCode[l]} is the
 * largest code of length l (or -1), codes of one length are consecutive. Used by
 * {@link JpegScanCheck} only to find invalid codes, so speed matters less than plainness.
 */
final class JpegHuffman {
    private final int[] minCode = new int[17];
    private final int[] maxCode = new int[17];
    private final int[] first = new int[17];
    private final int[] symbols;

    private JpegHuffman(int[] symbols) {
        this.symbols = symbols;
    }

    /** The table for {@code counts[1..16]} codes per length, or null if they overflow their lengths. */
    static JpegHuffman of(int[] counts, int[] symbols) {
        JpegHuffman t = new JpegHuffman(symbols);
        int code = 0, k = 0;
        for (int l = 1; l <= 16; l++) {
            t.first[l] = k;
            t.minCode[l] = code;
            code += counts[l];
            k += counts[l];
            if (code >= (1 << l)) { // the all-ones code is reserved (T.81 C), libjpeg refuses it too
                return null;
            }
            t.maxCode[l] = counts[l] == 0 ? -1 : code - 1;
            code <<= 1;
        }
        return t;
    }

    /** The symbol of the next code from {@code bits}, or -1 if no code of up to 16 bits matches. */
    int decode(JpegScanCheck.Bits bits) throws JpegStructure.Corrupt {
        int code = 0;
        for (int l = 1; l <= 16; l++) {
            code = (code << 1) | bits.bit();
            if (maxCode[l] >= 0 && code <= maxCode[l] && code >= minCode[l]) {
                return symbols[first[l] + code - minCode[l]];
            }
        }
        return -1;
    }
}
