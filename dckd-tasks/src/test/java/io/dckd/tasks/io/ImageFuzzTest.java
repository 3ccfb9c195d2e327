package io.dckd.tasks.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.dckd.core.image.RgbImage;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutation fuzzing of {@link ImageFiles#read} on PNG and JPEG files (a 40×32 photograph-like
 * image written by {@link ImageFiles#write}): every mutated file must decode into an image or fail
 * with a {@link BadImageException}; never another exception, an OutOfMemoryError or a hang. A mutated
 * PNG never decodes (its chunks carry CRCs); a mutated JPEG (no checksum) may, when the change is a
 * valid file (a quantisation or header value) or damage the scan check cannot tell from data.
 * Mutations: random bytes anywhere, bytes in the header, IHDR/SOF dimensions set to extreme values
 * (with a valid CRC, so the decoder believes them), truncation, inserted and deleted bytes.
 * {@code -Ddckd.fuzz.cases=N -Ddckd.fuzz.seed=S} for a longer or another run (default 300 per format).
 */
class ImageFuzzTest {

    static final int CASES = Integer.getInteger("dckd.fuzz.cases", 300);
    static final long SEED = Long.getLong("dckd.fuzz.seed", 0xDC4D2025L);

    @TempDir
    Path dir;

    static RgbImage photo() {
        int w = 40, h = 32;
        float[] chw = new float[3 * w * h];
        Random r = new Random(1);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    chw[(c * h + y) * w + x] = (float) Math.min(1, Math.max(0, 0.5 + 0.4 * Math.sin((x + c * 7) / 5.0) * Math.cos(y / 4.0) + 0.05 * r.nextGaussian()));
                }
            }
        }
        return new RgbImage(w, h, chw);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void mutatedPngsDecodeOrFailCleanly() throws Exception {
        Map<String, Integer> tally = fuzz("png", "png");
        // every byte of a PNG is under a CRC or the IDAT size: a changed file never decodes
        assertEquals(0, tally.getOrDefault("decoded", 0) + tally.getOrDefault("decoded, other size", 0), tally.toString());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void mutatedJpegsDecodeOrFailCleanly() throws Exception {
        fuzz("jpg", "jpeg");
    }

    @Test
    void aPngHeaderClaimingTenGigapixelsIsRefusedBeforeDecoding() throws Exception {
        byte[] b = photoFile("png");
        setPngSize(b, 100_000, 100_000);
        Path huge = Files.write(dir.resolve("huge.png"), b);
        BadImageException e = assertThrows(BadImageException.class, () -> ImageFiles.read(huge));
        assertTrue(e.getMessage().contains("100000x100000") && e.getMessage().contains("limit"), e.getMessage());
    }

    /** {@link #photo()} written as {@code photo.<ext>}, as bytes. */
    private byte[] photoFile(String ext) throws Exception {
        Path file = dir.resolve("photo." + ext);
        ImageFiles.write(photo(), file);
        return Files.readAllBytes(file);
    }

    /** Mutates {@code photo.<ext>} {@link #CASES} times; more than a tenth of the cases must be rejected. */
    private Map<String, Integer> fuzz(String ext, String label) throws Exception {
        Map<String, Integer> tally = run(photoFile(ext), ext);
        System.out.println("image fuzz " + label + " (" + CASES + " cases, seed " + Long.toHexString(SEED) + "): " + tally);
        assertTrue(tally.getOrDefault("rejected", 0) > CASES / 10, tally.toString());
        return tally;
    }

    private Map<String, Integer> run(byte[] original, String ext) throws Exception {
        Random rnd = new Random(SEED ^ ext.hashCode());
        Map<String, Integer> tally = new TreeMap<>();
        Path file = dir.resolve("mutated." + ext);
        for (int i = 0; i < CASES; i++) {
            byte[] m = mutate(rnd, original.clone(), ext);
            Files.write(file, m);
            String outcome;
            try {
                RgbImage img = ImageFiles.read(file);
                assertEquals(3L * img.width() * img.height(), img.chw().length, "case " + i);
                outcome = Arrays.equals(m, original) ? "decoded, mutation changed nothing"
                        : img.width() == 40 && img.height() == 32 ? "decoded" : "decoded, other size";
            } catch (BadImageException e) {
                outcome = "rejected";
            } catch (Throwable t) {
                Path keep = Files.write(dir.getParent().resolve("image-fuzz-failure-" + i + "." + ext), m);
                fail("case " + i + " (kept at " + keep + ") ended in " + t, t);
                return tally;
            }
            tally.merge(outcome, 1, Integer::sum);
        }
        assertEquals(CASES, tally.values().stream().mapToInt(Integer::intValue).sum());
        return tally;
    }

    private static byte[] mutate(Random rnd, byte[] b, String ext) {
        switch (rnd.nextInt(6)) {
            case 0 -> {
                for (int k = 0, n = 1 + rnd.nextInt(8); k < n; k++) {
                    b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                }
            }
            case 1 -> {
                for (int k = 0, n = 1 + rnd.nextInt(3); k < n; k++) {
                    b[rnd.nextInt(Math.min(b.length, 64))] = (byte) rnd.nextInt(256);
                }
            }
            case 2 -> {
                int[] sizes = {0, 1, 65535, 100_000, 1 << 20, Integer.MAX_VALUE, -1};
                int w = sizes[rnd.nextInt(sizes.length)];
                int h = sizes[rnd.nextInt(sizes.length)];
                if (ext.equals("png")) {
                    setPngSize(b, w, h);
                } else {
                    setJpegSize(b, w & 0xffff, h & 0xffff);
                }
            }
            case 3 -> {
                return Arrays.copyOf(b, rnd.nextInt(b.length));
            }
            case 4 -> {
                int at = rnd.nextInt(b.length);
                byte[] out = new byte[b.length + 4];
                System.arraycopy(b, 0, out, 0, at);
                for (int k = 0; k < 4; k++) {
                    out[at + k] = (byte) rnd.nextInt(256);
                }
                System.arraycopy(b, at, out, at + 4, b.length - at);
                return out;
            }
            default -> {
                int at = rnd.nextInt(b.length - 4);
                byte[] out = new byte[b.length - 4];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, at + 4, out, at, b.length - at - 4);
                return out;
            }
        }
        return b;
    }

    /** Sets the IHDR width and height of a PNG and fixes the chunk's CRC. */
    static void setPngSize(byte[] b, int w, int h) {
        ByteBuffer bb = ByteBuffer.wrap(b);
        bb.putInt(16, w);
        bb.putInt(20, h);
        CRC32 crc = new CRC32();
        crc.update(b, 12, 17); // "IHDR" + 13 data bytes
        bb.putInt(29, (int) crc.getValue());
    }

    /** Sets the frame size in the first SOF0/SOF2 segment of a JPEG. */
    static void setJpegSize(byte[] b, int w, int h) {
        for (int i = 2; i + 8 < b.length; i++) {
            if ((b[i] & 0xff) == 0xFF && ((b[i + 1] & 0xff) == 0xC0 || (b[i + 1] & 0xff) == 0xC2)) {
                b[i + 5] = (byte) (h >> 8);
                b[i + 6] = (byte) h;
                b[i + 7] = (byte) (w >> 8);
                b[i + 8] = (byte) w;
                return;
            }
        }
    }
}
