package io.dckd.backbones.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A {@code torch.save} zip archive (PyTorch >= 1.6): {@code <root>/data.pkl} (the pickled object,
 * read by {@link RestrictedUnpickler}), {@code <root>/data/<key>} (one little-endian storage per
 * persistent id), {@code <root>/version} and, from PyTorch 1.13 on, {@code <root>/byteorder}.
 * Storages are read only for the tensors that are materialised; each must hold exactly the
 * {@code numel * element size} bytes its persistent id declares (as the safetensors reader refuses
 * bytes no tensor indexes, {@link SafeTensorsLayout}), every view must lie inside its storage, and the bytes
 * materialised are bounded by the storage bytes read (stride-0 views cannot blow up memory).
 */
final class TorchZipCheckpoint implements AutoCloseable {

    static final int MAX_ENTRIES = 1 << 20;
    /** Materialised bytes may exceed the storage bytes read by this factor (views sharing storage). */
    static final long MAX_EXPANSION = 8;

    private final ZipFile zip;
    private final String source;
    private final String root;
    private final Object unpickled;
    private final Map<String, byte[]> storages = new HashMap<>();
    private long storageBytes;
    private long materialisedBytes;

    private TorchZipCheckpoint(ZipFile zip, String source, String root, Object unpickled) {
        this.zip = zip;
        this.source = source;
        this.root = root;
        this.unpickled = unpickled;
    }

    static TorchZipCheckpoint open(Path file, boolean opaqueGlobals) throws IOException {
        String source = file.toString();
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException | IllegalArgumentException e) {
            throw new CheckpointFormatException(source + " is not a readable zip archive (truncated or corrupt?): " + e.getMessage(), e);
        }
        try {
            String root = findRoot(zip, source);
            ZipEntry order = zip.getEntry(root + "/byteorder");
            if (order != null) {
                String bo = new String(readBounded(zip, order, 16, source), StandardCharsets.US_ASCII).trim();
                if (!bo.equals("little")) {
                    throw new CheckpointFormatException(source + " stores tensors in '" + bo + "' byte order; only little-endian"
                            + " checkpoints are supported: re-save it on a little-endian machine");
                }
            }
            byte[] pkl = readBounded(zip, zip.getEntry(root + "/data.pkl"), RestrictedUnpickler.MAX_PICKLE_BYTES, source);
            Object value = new RestrictedUnpickler(pkl, source + ":" + root + "/data.pkl", opaqueGlobals).load();
            return new TorchZipCheckpoint(zip, source, root, value);
        } catch (IOException | RuntimeException e) {
            zip.close();
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
                throw new CheckpointFormatException(source + " is a corrupt zip archive: " + e.getMessage(), e);
            }
            throw e;
        }
    }

    private static String findRoot(ZipFile zip, String source) throws CheckpointFormatException {
        String root = null;
        int count = 0;
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            if (++count > MAX_ENTRIES) {
                throw new CheckpointFormatException(source + " holds more than " + MAX_ENTRIES + " zip entries");
            }
            String name = entries.nextElement().getName();
            int slash = name.indexOf('/');
            if (slash > 0 && name.substring(slash).equals("/data.pkl")) {
                if (root != null) {
                    throw new CheckpointFormatException(source + " holds two pickles (" + root + "/data.pkl and " + name + ")");
                }
                root = name.substring(0, slash);
            }
        }
        if (root == null) {
            throw new CheckpointFormatException(source + " is a zip archive without <root>/data.pkl, so not a torch.save checkpoint"
                    + " (torch.save writes archive/data.pkl, archive/data/<key>, archive/version)");
        }
        return root;
    }

    /** The unpickled top-level object. */
    Object value() {
        return unpickled;
    }

    /** Builds the array of {@code t} in {@code manager}, reading its storage on first use. */
    NDArray materialise(NDManager manager, TensorRef t, String name) throws IOException {
        TensorDType dtype = t.storage().dtype();
        int es = dtype.bytes();
        long numel = 1;
        long last = t.offset();
        try {
            for (int k = 0; k < t.size().length; k++) {
                numel = Math.multiplyExact(numel, t.size()[k]);
                if (t.size()[k] > 0) {
                    last = Math.addExact(last, Math.multiplyExact(t.size()[k] - 1, t.stride()[k]));
                }
            }
        } catch (ArithmeticException e) {
            throw bad(name, "its size and stride overflow 64 bits");
        }
        if (numel > (Integer.MAX_VALUE - 8) / es) {
            throw bad(name, "it has " + numel + " elements; tensors over 2 GiB are not supported");
        }
        if (numel > 0 && last >= t.storage().numel()) {
            throw bad(name, "its view (offset " + t.offset() + ", size " + Arrays.toString(t.size()) + ", stride "
                    + Arrays.toString(t.stride()) + ") reaches element " + last + " of a storage of " + t.storage().numel());
        }
        byte[] storage = numel == 0 ? new byte[0] : storage(t.storage(), name);
        long bytes = numel * es;
        materialisedBytes += bytes;
        if (materialisedBytes > MAX_EXPANSION * storageBytes + (1 << 20)) {
            throw bad(name, "the tensors materialised so far (" + materialisedBytes + " bytes) exceed " + MAX_EXPANSION
                    + " times the storage bytes read (" + storageBytes + "); the views are implausible");
        }
        byte[] out;
        if (t.contiguous()) {
            int from = Math.toIntExact(t.offset() * es);
            out = Arrays.copyOfRange(storage, from, from + (int) bytes);
        } else {
            out = gather(storage, t, (int) numel, es);
        }
        return TensorBytes.create(manager, out, t.size(), dtype, source, name);
    }

    /** Copies a strided view into row-major order: element i maps to offset + sum_k idx_k * stride_k. */
    private static byte[] gather(byte[] storage, TensorRef t, int numel, int es) {
        byte[] out = new byte[numel * es];
        long[] size = t.size();
        long[] stride = t.stride();
        int n = size.length;
        long[] idx = new long[n];
        long src = t.offset();
        for (int i = 0; i < numel; i++) {
            System.arraycopy(storage, (int) (src * es), out, i * es, es);
            for (int k = n - 1; k >= 0; k--) {
                idx[k]++;
                src += stride[k];
                if (idx[k] < size[k]) {
                    break;
                }
                src -= idx[k] * stride[k];
                idx[k] = 0;
            }
        }
        return out;
    }

    private byte[] storage(StorageRef ref, String name) throws IOException {
        byte[] cached = storages.get(ref.key());
        long need = ref.nbytes();
        if (cached != null) {
            if (cached.length < need) {
                throw bad(name, "storage " + ref.key() + " is used with " + need + " bytes but holds " + cached.length);
            }
            return cached;
        }
        String entryName = root + "/data/" + ref.key();
        ZipEntry e = zip.getEntry(entryName);
        if (e == null) {
            throw bad(name, "its storage " + entryName + " is missing from the archive");
        }
        if (need > Integer.MAX_VALUE - 8) {
            throw bad(name, "storage " + ref.key() + " declares " + need + " bytes; storages over 2 GiB are not supported");
        }
        if (e.getSize() >= 0 && e.getSize() < need) {
            throw bad(name, "storage " + entryName + " is too short: " + e.getSize() + " bytes, but " + ref + " needs " + need);
        }
        if (e.getSize() > need) {
            throw bad(name, "storage " + entryName + " holds " + e.getSize() + " bytes, but " + ref + " declares " + need
                    + ": torch.save writes exactly a storage's bytes, so the rest belongs to no tensor and the file is corrupt or forged");
        }
        if (e.getMethod() != ZipEntry.STORED && need > 1100L * Math.max(e.getCompressedSize(), 0) + 4096) {
            throw bad(name, "compressed storage " + entryName + " would expand implausibly (" + e.getCompressedSize() + " -> " + need + " bytes)");
        }
        byte[] data;
        try (InputStream in = zip.getInputStream(e)) {
            data = in.readNBytes((int) need);
        } catch (ZipException | IllegalArgumentException ex) {
            throw new CheckpointFormatException(source + ": cannot read " + entryName + ": " + ex.getMessage(), ex);
        }
        if (data.length < need) {
            throw bad(name, "storage " + entryName + " is too short: it ends after " + data.length + " bytes, but " + ref + " needs " + need);
        }
        storages.put(ref.key(), data);
        storageBytes += data.length;
        return data;
    }

    private static byte[] readBounded(ZipFile zip, ZipEntry e, int max, String source) throws IOException {
        if (e.getSize() > max) {
            throw new CheckpointFormatException(source + ": " + e.getName() + " is " + e.getSize() + " bytes, over the limit of " + max);
        }
        try (InputStream in = zip.getInputStream(e)) {
            byte[] b = in.readNBytes(max + 1);
            if (b.length > max) {
                throw new CheckpointFormatException(source + ": " + e.getName() + " is over the limit of " + max + " bytes");
            }
            return b;
        } catch (ZipException | IllegalArgumentException ex) {
            throw new CheckpointFormatException(source + ": cannot read " + e.getName() + ": " + ex.getMessage(), ex);
        }
    }

    private CheckpointFormatException bad(String name, String what) {
        return new CheckpointFormatException(source + ": tensor '" + name + "': " + what);
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
