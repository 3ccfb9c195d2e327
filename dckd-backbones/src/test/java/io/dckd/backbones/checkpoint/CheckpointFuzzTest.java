package io.dckd.backbones.checkpoint;

import static io.dckd.backbones.checkpoint.CheckpointReaderTest.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutation fuzzing (1,000 cases per file by default) of the rcan-s .pth and .safetensors fixtures: every mutated file must
 * either read (arrays consistent with their shapes) or fail with an IOException; never another
 * exception, an OOM or a stack overflow. Mutations aim at the structure (pickle bytes, zip
 * central directory, safetensors header and its numbers) as well as anywhere in the file.
 */
class CheckpointFuzzTest {

    /** Cases per file; {@code -Ddckd.fuzz.cases=20000 -Ddckd.fuzz.seed=7} for a longer or another run. */
    static final int CASES = Integer.getInteger("dckd.fuzz.cases", 1000);
    static final long SEED = Long.getLong("dckd.fuzz.seed", 0xDC4D2025L);

    @TempDir
    Path dir;

    private static final class Tally {
        final Map<String, Integer> counts = new TreeMap<>();
        long slowestNanos;

        void add(String outcome, long nanos) {
            counts.merge(outcome, 1, Integer::sum);
            slowestNanos = Math.max(slowestNanos, nanos);
        }

        int total() {
            return counts.values().stream().mapToInt(Integer::intValue).sum();
        }

        @Override
        public String toString() {
            return counts + ", slowest case " + TimeUnit.NANOSECONDS.toMillis(slowestNanos) + " ms";
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void mutatedTorchZipsReadOrFailCleanly() throws IOException {
        byte[] original = Files.readAllBytes(resource("rcan-s/weights.pth"));
        int pklSize;
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(resource("rcan-s/weights.pth").toFile())) {
            pklSize = (int) z.getEntry("weights/data.pkl").getSize();
        }
        int[] pkl = entryData(original, "weights/data.pkl", pklSize);
        int centralDirectory = lastIndexOf(original, new byte[] {'P', 'K', 1, 2}) - 80 * 120; // around the start of the central directory
        Tally tally = run(original, "pth", (rnd, b) -> {
            switch (rnd.nextInt(6)) {
                case 0 -> flip(rnd, b, pkl[0], pkl[1], 1 + rnd.nextInt(4));
                case 1 -> flip(rnd, b, Math.max(0, centralDirectory), b.length, 1 + rnd.nextInt(4));
                case 2 -> flip(rnd, b, 0, b.length, 1 + rnd.nextInt(8));
                case 3 -> {
                    return Arrays.copyOf(b, rnd.nextInt(b.length));
                }
                case 4 -> extremeInt(rnd, b, pkl[0], pkl[1]);
                default -> {
                    return shift(rnd, b, pkl[0], pkl[1]);
                }
            }
            return b;
        });
        System.out.println("torch zip fuzz (" + CASES + " cases, seed " + Long.toHexString(SEED) + "): " + tally);
        assertEquals(CASES, tally.total());
        assertTrue(tally.counts.getOrDefault("rejected", 0) > CASES / 4, "mutations reach the validators: " + tally);
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void mutatedSafetensorsReadOrFailCleanly() throws IOException {
        byte[] original = Files.readAllBytes(resource("rcan-s/weights.safetensors"));
        int headerEnd = 8 + (int) ByteBuffer.wrap(original, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        Tally tally = run(original, "safetensors", (rnd, b) -> {
            switch (rnd.nextInt(6)) {
                case 0 -> flip(rnd, b, 8, headerEnd, 1 + rnd.nextInt(4));
                case 1 -> flip(rnd, b, 0, 8, 1);
                case 2 -> flip(rnd, b, 0, b.length, 1 + rnd.nextInt(8));
                case 3 -> {
                    return Arrays.copyOf(b, rnd.nextInt(b.length));
                }
                case 4 -> digits(rnd, b, headerEnd);
                default -> {
                    return shift(rnd, b, 8, headerEnd);
                }
            }
            return b;
        });
        System.out.println("safetensors fuzz (" + CASES + " cases, seed " + Long.toHexString(SEED) + "): " + tally);
        assertEquals(CASES, tally.total());
        assertTrue(tally.counts.getOrDefault("rejected", 0) > CASES / 4, "mutations reach the validators: " + tally);
    }

    /** Rewrites only the bytes a mutation changed (1 MB writes dominate otherwise), and undoes it. */
    private record Patch(Path file, byte[] original, int from, int to) {
        static Patch apply(Path file, byte[] original, byte[] mutated) throws IOException {
            int from = Arrays.mismatch(original, mutated);
            if (from < 0) {
                return new Patch(file, original, 0, 0);
            }
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
                if (mutated.length < original.length && from == mutated.length) {
                    ch.truncate(mutated.length);
                    return new Patch(file, original, from, original.length);
                }
                int to = mutated.length;
                if (mutated.length == original.length) {
                    while (to > from && mutated[to - 1] == original[to - 1]) {
                        to--;
                    }
                } else {
                    ch.truncate(Math.min(original.length, mutated.length));
                    to = Math.max(original.length, mutated.length);
                }
                ch.write(ByteBuffer.wrap(mutated, from, Math.min(to, mutated.length) - from), from);
                return new Patch(file, original, from, to);
            }
        }

        void restore() throws IOException {
            if (to <= from) {
                return;
            }
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(original, from, Math.min(to, original.length) - from), from);
                ch.truncate(original.length);
            }
        }
    }

    interface Mutation {
        byte[] apply(Random rnd, byte[] copy);
    }

    private Tally run(byte[] original, String ext, Mutation mutation) throws IOException {
        Random rnd = new Random(SEED ^ ext.hashCode());
        Tally tally = new Tally();
        long begin = System.nanoTime();
        Map<String, float[]> reference;
        try (NDManager m = NDManager.newBaseManager()) {
            Path ref = Files.write(dir.resolve("reference." + ext), original);
            reference = new TreeMap<>();
            for (Map.Entry<String, NDArray> e : CheckpointReader.read(m, ref, CheckpointOptions.defaults()).entrySet()) {
                reference.put(e.getKey(), e.getValue().toFloatArray());
            }
            Path file = Files.write(dir.resolve("mutated." + ext), original);
            for (int i = 0; i < CASES; i++) {
                byte[] mutated = mutation.apply(rnd, original.clone());
                Patch patch = Patch.apply(file, original, mutated);
                long start = System.nanoTime();
                String outcome;
                try (NDManager sub = m.newSubManager()) {
                    Map<String, NDArray> sd = CheckpointReader.read(sub, file, CheckpointOptions.defaults());
                    outcome = "read, identical";
                    for (Map.Entry<String, NDArray> e : sd.entrySet()) {
                        NDArray a = e.getValue();
                        assertEquals(a.size() * a.getDataType().getNumOfBytes(), a.toByteBuffer().remaining(), "case " + i + " " + e.getKey());
                        float[] want = reference.get(e.getKey());
                        if (want == null || a.getDataType() != ai.djl.ndarray.types.DataType.FLOAT32 || !Arrays.equals(want, a.toFloatArray())) {
                            outcome = "read, changed";
                        }
                    }
                    if (!sd.keySet().equals(reference.keySet())) {
                        outcome = "read, changed";
                    }
                } catch (IOException e) {
                    outcome = "rejected";
                } catch (Throwable t) {
                    Path keep = Files.write(dir.getParent().resolve("fuzz-failure-" + ext + "-" + i), mutated);
                    fail("case " + i + " (kept at " + keep + ") ended in " + t, t);
                    return tally;
                }
                tally.add(outcome, System.nanoTime() - start);
                patch.restore();
            }
        }
        System.out.println(ext + " fuzz took " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin) + " ms");
        return tally;
    }

    // ---- mutations ---------------------------------------------------------------------

    private static void flip(Random rnd, byte[] b, int from, int to, int count) {
        for (int k = 0; k < count && to > from; k++) {
            b[from + rnd.nextInt(to - from)] = (byte) rnd.nextInt(256);
        }
    }

    private static void extremeInt(Random rnd, byte[] b, int from, int to) {
        int[] values = {0xffffffff, 0x7fffffff, 0x80000000, 0, 0x40000000, 0x0000ffff};
        int at = from + rnd.nextInt(Math.max(1, to - from - 4));
        ByteBuffer.wrap(b, at, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(values[rnd.nextInt(values.length)]);
    }

    private static void digits(Random rnd, byte[] b, int headerEnd) {
        for (int k = 0; k < 1 + rnd.nextInt(3); k++) {
            int at = 8 + rnd.nextInt(headerEnd - 8);
            for (int j = at; j < headerEnd; j++) {
                if (b[j] >= '0' && b[j] <= '9') {
                    b[j] = (byte) ('0' + rnd.nextInt(10));
                    break;
                }
            }
        }
    }

    /** Inserts or deletes a few bytes inside [from, to), shifting everything after. */
    private static byte[] shift(Random rnd, byte[] b, int from, int to) {
        int at = from + rnd.nextInt(to - from);
        int n = 1 + rnd.nextInt(3);
        if (rnd.nextBoolean()) {
            byte[] out = new byte[b.length + n];
            System.arraycopy(b, 0, out, 0, at);
            for (int k = 0; k < n; k++) {
                out[at + k] = (byte) rnd.nextInt(256);
            }
            System.arraycopy(b, at, out, at + n, b.length - at);
            return out;
        }
        byte[] out = new byte[b.length - n];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(b, at + n, out, at, b.length - at - n);
        return out;
    }

    /** [start, end) of a stored entry's data, from its local file header. */
    private static int[] entryData(byte[] zip, String name, int size) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(zip, n);
        ByteBuffer le = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int nameLength = le.getShort(at - 4) & 0xffff;
        int extraLength = le.getShort(at - 2) & 0xffff;
        int start = at + nameLength + extraLength;
        return new int[] {start, start + size};
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("not found");
    }

    private static int lastIndexOf(byte[] hay, byte[] needle) {
        int found = -1;
        for (int i = 0; i <= hay.length - needle.length; i++) {
            if (hay[i] == needle[0] && hay[i + 1] == needle[1] && hay[i + 2] == needle[2] && hay[i + 3] == needle[3]) {
                found = i;
            }
        }
        return found;
    }
}
