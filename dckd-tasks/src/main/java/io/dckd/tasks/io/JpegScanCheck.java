package io.dckd.tasks.io;

import java.util.Arrays;

/**
 * Decodes the Huffman codes of one sequential scan (T.81 F.2.2) without the DCT, to find damage that
 * libjpeg decodes silently: a code no table defines, an AC run past coefficient 63 (libjpeg writes
 * it into padding), a magnitude category beyond what the precision allows, restart markers missing
 * or out of sequence, and whole bytes left between the last block and the next marker (libjpeg's
 * "extraneous bytes", which javax.imageio never reports because it stops before reading them).
 */
final class JpegScanCheck {

    /** Bit reader over entropy-coded bytes: 0xFF00 is a data byte 0xFF; any other marker ends the data. */
    static final class Bits {
        private final byte[] b;
        private int pos;
        private int current;
        private int left;

        Bits(byte[] b, int pos) {
            this.b = b;
            this.pos = pos;
        }

        int bit() throws JpegStructure.Corrupt {
            if (left == 0) {
                if (pos >= b.length) {
                    throw new JpegStructure.Corrupt("truncated: the file ends inside the scan data");
                }
                int v = b[pos] & 0xff;
                if (v == 0xFF) {
                    int next = pos + 1 < b.length ? b[pos + 1] & 0xff : -1;
                    if (next != 0) {
                        throw new JpegStructure.Corrupt(next < 0 ? "truncated: the file ends inside the scan data"
                                : "the scan data ends early (marker 0x" + Integer.toHexString(next) + " at byte " + pos
                                        + " before the last block)");
                    }
                    pos++;
                }
                pos++;
                current = v;
                left = 8;
            }
            left--;
            return (current >> left) & 1;
        }

        int bits(int n) throws JpegStructure.Corrupt {
            int v = 0;
            for (int i = 0; i < n; i++) {
                v = (v << 1) | bit();
            }
            return v;
        }

        /** Drops the padding bits of the current byte (they end every interval). */
        void align() {
            left = 0;
        }

        int position() {
            return pos;
        }

        void seek(int p) {
            pos = p;
            left = 0;
        }
    }

    private final byte[] b;
    private final int start;
    private final int maxDc;
    private final int maxAc;
    private final int restartInterval;
    private final int limit;

    JpegScanCheck(byte[] b, int start, int precision, int restartInterval) {
        this.b = b;
        this.start = start;
        // every coefficient of the 8x8 DCT of P-bit samples lies in [-2^(P+2), 2^(P+2)] (8-bit: 1024)
        this.limit = 1 << (precision + 2);
        this.maxDc = precision + 3; // T.81 F.1.2.1: DC differences need at most P+3 bits (11 for 8-bit)
        this.maxAc = precision + 2; // and AC coefficients P+2 (10 for 8-bit)
        this.restartInterval = restartInterval;
    }

    /**
     * Checks every block of the scan.
     *
     * @param layout {{MCUs per row, MCU rows}, blocks per MCU for each scan component}
     * @return the byte offset of the marker that follows the scan
     */
    int run(int[][] layout, JpegStructure.Component[] inScan, JpegHuffman[] dc, JpegHuffman[] ac, int[][] quant, int scan)
            throws JpegStructure.Corrupt {
        int[] predictor = new int[inScan.length];
        long mcus = (long) layout[0][0] * layout[0][1];
        int[] perMcu = layout[1];
        Bits bits = new Bits(b, start);
        int expectedRst = 0;
        for (long m = 0; m < mcus; m++) {
            if (restartInterval > 0 && m > 0 && m % restartInterval == 0) {
                bits.align();
                int p = bits.position();
                if (p + 1 >= b.length || (b[p] & 0xff) != 0xFF || (b[p + 1] & 0xff) != 0xD0 + expectedRst) {
                    throw new JpegStructure.Corrupt("scan " + scan + ": restart marker " + expectedRst + " missing at byte " + p
                            + " (MCU " + m + " of " + mcus + ")");
                }
                bits.seek(p + 2);
                Arrays.fill(predictor, 0);
                expectedRst = (expectedRst + 1) & 7;
            }
            for (int c = 0; c < perMcu.length; c++) {
                for (int k = 0; k < perMcu[c]; k++) {
                    predictor[c] += block(bits, dc[c], ac[c], quant[c], scan, m, mcus);
                    // a damaged difference shifts every later DC of the component: it leaves the range
                    if (outOfRange(predictor[c], quant[c], 0)) {
                        throw corrupt(scan, m, mcus, "a DC value of " + (long) predictor[c] * quant[c][0]
                                + ", outside the range [-" + limit + ", " + limit + "] of any image");
                    }
                }
            }
        }
        bits.align();
        int p = bits.position();
        if (p + 1 >= b.length) {
            throw new JpegStructure.Corrupt("truncated: the file ends after the scan data, without an end-of-image marker");
        }
        if ((b[p] & 0xff) != 0xFF || (b[p + 1] & 0xff) == 0) {
            throw new JpegStructure.Corrupt("scan " + scan + ": bytes left over after the last block (at byte " + p
                    + "; damaged scan data)");
        }
        return p;
    }

    /** Checks one block's codes; returns its DC difference. */
    private int block(Bits bits, JpegHuffman dc, JpegHuffman ac, int[] quant, int scan, long mcu, long mcus)
            throws JpegStructure.Corrupt {
        int s = dc.decode(bits);
        if (s < 0 || s > maxDc) {
            throw corrupt(scan, mcu, mcus, s < 0 ? "an undefined DC Huffman code" : "a DC difference of " + s + " bits");
        }
        int diff = extend(bits.bits(s), s);
        for (int k = 1; k < 64;) {
            int rs = ac.decode(bits);
            if (rs < 0) {
                throw corrupt(scan, mcu, mcus, "an undefined AC Huffman code");
            }
            int r = rs >> 4, size = rs & 15;
            if (size == 0) {
                if (r != 15) {
                    return diff; // end of block
                }
                k += 16;
                if (k > 63) {
                    throw corrupt(scan, mcu, mcus, "a zero run past the last coefficient");
                }
                continue;
            }
            k += r;
            if (k > 63) {
                throw corrupt(scan, mcu, mcus, "a coefficient run past the last coefficient");
            }
            if (size > maxAc) {
                throw corrupt(scan, mcu, mcus, "an AC coefficient of " + size + " bits");
            }
            int value = extend(bits.bits(size), size);
            if (outOfRange(value, quant, k)) {
                throw corrupt(scan, mcu, mcus, "an AC coefficient of " + (long) value * quant[k] + " at zig-zag position " + k
                        + ", outside the range [-" + limit + ", " + limit + "] of any image");
            }
            k++;
        }
        return diff;
    }

    /** True if the dequantised coefficient lies beyond the DCT's range (with a step of rounding slack). */
    private boolean outOfRange(int quantised, int[] quant, int k) {
        return quant != null && quant[k] > 0 && (long) Math.abs(quantised) * quant[k] > limit + quant[k];
    }

    /** T.81 F.2.2.1 EXTEND: the signed value of {@code s} magnitude bits. */
    private static int extend(int v, int s) {
        return s == 0 ? 0 : v < (1 << (s - 1)) ? v - (1 << s) + 1 : v;
    }

    private static JpegStructure.Corrupt corrupt(int scan, long mcu, long mcus, String what) {
        return new JpegStructure.Corrupt("scan " + scan + ", MCU " + mcu + " of " + mcus + ": " + what + " (damaged scan data)");
    }
}
