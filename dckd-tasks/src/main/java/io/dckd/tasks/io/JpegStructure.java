package io.dckd.tasks.io;

/**
 * Walks the marker segments of a JPEG held in memory (ITU T.81 annex B): frame header, Huffman
 * tables, restart interval, scans, end of image. Baseline and extended sequential Huffman scans
 * (SOF0/SOF1) are handed to {@link JpegScanCheck}; other scans are skipped to their next marker.
 * Kept apart from {@link JpegIntegrity} so that the file handling and the byte-level parsing each
 * stay small.
 */
final class JpegStructure {

    /** A violation of the JPEG syntax; the message says what and where (byte offset). */
    static final class Corrupt extends Exception {
        Corrupt(String message) {
            super(message, null, false, false);
        }
    }

    /** One frame component: id, sampling factors, quantisation table. */
    record Component(int id, int h, int v, int tq) {}

    private final byte[] b;
    private int pos;
    private Component[] components;
    private int width, height, precision;
    private boolean huffmanSequential;
    private final JpegHuffman[][] tables = new JpegHuffman[2][4];
    /** The quantisation tables in zig-zag order (null = not defined yet). */
    private final int[][] quant = new int[4][];
    private int restartInterval;
    private int scans;

    JpegStructure(byte[] bytes) {
        this.b = bytes;
    }

    void walk() throws Corrupt {
        if (b.length < 4 || u8(0) != 0xFF || u8(1) != 0xD8) {
            throw new Corrupt("no start-of-image marker");
        }
        pos = 2;
        while (true) {
            int marker = nextMarker();
            switch (marker) {
                case 0xD9 -> {
                    if (scans == 0) {
                        throw new Corrupt("end-of-image marker before any scan");
                    }
                    return;
                }
                case 0xD8 -> throw new Corrupt("a second start-of-image marker at byte " + (pos - 2));
                case 0x01 -> { } // TEM, no length
                default -> {
                    if (marker >= 0xD0 && marker <= 0xD7) {
                        throw new Corrupt("restart marker outside a scan at byte " + (pos - 2));
                    }
                    segment(marker);
                }
            }
        }
    }

    /** The next marker code; only fill bytes (0xFF) may stand between segments. */
    private int nextMarker() throws Corrupt {
        if (pos >= b.length) {
            throw new Corrupt("truncated: the file ends without an end-of-image marker");
        }
        if (u8(pos) != 0xFF) {
            throw new Corrupt("unexpected bytes at byte " + pos + " where a marker should start");
        }
        while (pos < b.length && u8(pos) == 0xFF) {
            pos++;
        }
        if (pos >= b.length) {
            throw new Corrupt("truncated: the file ends without an end-of-image marker");
        }
        int m = u8(pos++);
        if (m == 0) {
            throw new Corrupt("a stuffed zero byte outside a scan at byte " + (pos - 2));
        }
        return m;
    }

    private void segment(int marker) throws Corrupt {
        if (pos + 2 > b.length) {
            throw new Corrupt("truncated inside the header of marker 0x" + Integer.toHexString(marker));
        }
        int start = pos;
        int length = u16(pos);
        if (length < 2 || start + length > b.length) {
            throw new Corrupt("truncated: marker 0x" + Integer.toHexString(marker) + " at byte " + (start - 2) + " declares "
                    + length + " bytes, " + (b.length - start) + " are left");
        }
        int end = start + length;
        pos = start + 2;
        switch (marker) {
            case 0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF -> frame(marker, end);
            case 0xC4 -> huffmanTables(end);
            case 0xDB -> quantTables(end);
            case 0xDD -> {
                need(end, 2);
                restartInterval = u16(pos);
            }
            case 0xDA -> {
                pos = end;
                scan(start + 2, end);
                return;
            }
            default -> { } // APPn, COM, DNL...: length checked, content is the decoder's business
        }
        pos = end;
    }

    private void frame(int marker, int end) throws Corrupt {
        if (components != null) {
            throw new Corrupt("a second frame header at byte " + (pos - 4));
        }
        need(end, 6);
        precision = u8(pos);
        height = u16(pos + 1);
        width = u16(pos + 3);
        int n = u8(pos + 5);
        need(end, 6 + 3 * n);
        if (n == 0 || width == 0) {
            throw new Corrupt("the frame header declares " + n + " components, width " + width);
        }
        components = new Component[n];
        for (int i = 0; i < n; i++) {
            int at = pos + 6 + 3 * i;
            int hv = u8(at + 1);
            if ((hv >> 4) < 1 || (hv >> 4) > 4 || (hv & 15) < 1 || (hv & 15) > 4) {
                throw new Corrupt("component " + i + " has sampling factors " + (hv >> 4) + "x" + (hv & 15));
            }
            components[i] = new Component(u8(at), hv >> 4, hv & 15, u8(at + 2) & 3);
        }
        // height 0 means "given by a DNL marker later": rare, left to the structural checks
        huffmanSequential = (marker == 0xC0 || marker == 0xC1) && height > 0 && (precision == 8 || precision == 12);
    }

    private void huffmanTables(int end) throws Corrupt {
        while (pos < end) {
            need(end, 17);
            int tc = u8(pos) >> 4, th = u8(pos) & 15;
            if (tc > 1 || th > 3) {
                throw new Corrupt("a Huffman table with class " + tc + " and id " + th);
            }
            int[] counts = new int[17];
            int total = 0;
            for (int l = 1; l <= 16; l++) {
                counts[l] = u8(pos + l);
                total += counts[l];
            }
            need(end, 17 + total);
            int[] symbols = new int[total];
            for (int i = 0; i < total; i++) {
                symbols[i] = u8(pos + 17 + i);
            }
            tables[tc][th] = JpegHuffman.of(counts, symbols);
            if (tables[tc][th] == null) {
                throw new Corrupt("Huffman table " + tc + "/" + th + " has more codes than fit their lengths");
            }
            pos += 17 + total;
        }
    }

    private void quantTables(int end) throws Corrupt {
        while (pos < end) {
            need(end, 1);
            int pq = u8(pos) >> 4, tq = u8(pos) & 15;
            int size = pq == 0 ? 64 : 128;
            need(end, 1 + size);
            if (pq > 1 || tq > 3) {
                throw new Corrupt("a quantisation table with precision " + pq + " and id " + tq);
            }
            quant[tq] = new int[64];
            for (int k = 0; k < 64; k++) {
                quant[tq][k] = pq == 0 ? u8(pos + 1 + k) : u16(pos + 1 + 2 * k);
            }
            pos += 1 + size;
        }
    }

    /** A scan: header at [headerStart, headerEnd), entropy-coded data from headerEnd to the next marker. */
    private void scan(int headerStart, int headerEnd) throws Corrupt {
        if (components == null) {
            throw new Corrupt("a scan before the frame header");
        }
        int p = headerStart;
        if (headerEnd - p < 1) {
            throw new Corrupt("empty scan header");
        }
        int ns = u8(p);
        if (ns < 1 || ns > 4 || headerEnd - p < 1 + 2 * ns + 3) {
            throw new Corrupt("scan header with " + ns + " components does not fit its length");
        }
        Component[] inScan = new Component[ns];
        JpegHuffman[] dc = new JpegHuffman[ns], ac = new JpegHuffman[ns];
        for (int i = 0; i < ns; i++) {
            int id = u8(p + 1 + 2 * i), t = u8(p + 2 + 2 * i);
            inScan[i] = component(id);
            dc[i] = tables[0][(t >> 4) & 3];
            ac[i] = tables[1][t & 3];
        }
        scans++;
        if (huffmanSequential) {
            for (int i = 0; i < ns; i++) {
                if (dc[i] == null || ac[i] == null) {
                    throw new Corrupt("scan " + scans + " uses an undefined Huffman table");
                }
            }
            JpegScanCheck check = new JpegScanCheck(b, pos, precision, restartInterval);
            int[][] q = new int[ns][];
            for (int i = 0; i < ns; i++) {
                q[i] = quant[inScan[i].tq()];
            }
            pos = check.run(layout(inScan), inScan, dc, ac, q, scans);
        } else {
            pos = skipEntropyData(pos);
        }
    }

    /** {blocks per MCU row, MCU rows} and per component blocks per MCU, as T.81 A.2 lays them out. */
    private int[][] layout(Component[] inScan) {
        int hmax = 1, vmax = 1;
        for (Component c : components) {
            hmax = Math.max(hmax, c.h());
            vmax = Math.max(vmax, c.v());
        }
        if (inScan.length == 1) {
            Component c = inScan[0];
            int cw = ceilDiv(width * c.h(), hmax), ch = ceilDiv(height * c.v(), vmax);
            return new int[][] {{ceilDiv(cw, 8), ceilDiv(ch, 8)}, {1}};
        }
        int[] perMcu = new int[inScan.length];
        for (int i = 0; i < inScan.length; i++) {
            perMcu[i] = inScan[i].h() * inScan[i].v();
        }
        return new int[][] {{ceilDiv(width, 8 * hmax), ceilDiv(height, 8 * vmax)}, perMcu};
    }

    private Component component(int id) throws Corrupt {
        for (Component c : components) {
            if (c.id() == id) {
                return c;
            }
        }
        throw new Corrupt("a scan names component " + id + ", which the frame does not have");
    }

    /** Skips entropy-coded data (stuffed 0xFF00 and restart markers) to the next other marker. */
    private int skipEntropyData(int p) throws Corrupt {
        while (p + 1 < b.length) {
            if (u8(p) == 0xFF) {
                int m = u8(p + 1);
                if (m != 0 && m != 0xFF && (m < 0xD0 || m > 0xD7)) {
                    return p;
                }
            }
            p++;
        }
        throw new Corrupt("truncated: the file ends inside scan " + scans);
    }

    private void need(int end, int bytes) throws Corrupt {
        if (pos + bytes > end) {
            throw new Corrupt("a segment at byte " + pos + " is shorter than its content");
        }
    }

    private int u8(int at) {
        return b[at] & 0xff;
    }

    private int u16(int at) {
        return (u8(at) << 8) | u8(at + 1);
    }

    private static int ceilDiv(int a, int d) {
        return (a + d - 1) / d;
    }
}
