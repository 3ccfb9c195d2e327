package io.dckd.core.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes safetensors files as name → tensor maps, with the names a PyTorch
 * {@code state_dict} uses. Writing goes to a temporary file that is renamed into place, so a crash
 * never leaves a half-written file under the final name.
 *
 * <p>Every tensor written is finite: a NaN or infinite value is refused before the file (or its
 * temporary) is created, whatever produced it (a diverged run, a NaN learning rate, a plugin). Every
 * model, checkpoint and export dckd writes goes through here, so none can hold such values, and a
 * file already under the final name stays as it was.
 */
public final class SafeTensors {

    private SafeTensors() {}

    /** Reads every tensor of {@code file} into {@code manager}, keyed by name, in file order. */
    public static Map<String, NDArray> read(NDManager manager, Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.io.FileNotFoundException("no safetensors file at " + file.toAbsolutePath());
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return read(manager, in, file.toString());
        }
    }

    /** Reads a safetensors stream; {@code source} names it in errors. */
    public static Map<String, NDArray> read(NDManager manager, InputStream in, String source) throws IOException {
        NDList list;
        try {
            list = NDList.decode(manager, in);
        } catch (RuntimeException e) {
            throw new IOException("not a readable safetensors file: " + source + " (" + e.getMessage() + ")", e);
        }
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (NDArray a : list) {
            if (a.getName() == null || out.put(a.getName(), a) != null) {
                throw new IOException("safetensors file " + source + " has an unnamed or repeated tensor: " + a.getName());
            }
        }
        return out;
    }

    /**
     * Copies the safetensors file {@code from} to {@code to} through {@link #write}, so the copy is
     * atomic and refused, leaving {@code to} as it was, when a tensor of {@code from} is not finite: a
     * file that reached the disk another way (an older dckd, a hand edit) is never passed on.
     */
    public static void copy(Path from, Path to) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            write(read(manager, from), to);
        }
    }

    /**
     * Writes {@code tensors} (names as given) to {@code file} atomically.
     *
     * @throws NonFiniteTensorException naming the first tensor holding NaN or ±Inf; nothing is written
     */
    public static void write(Map<String, NDArray> tensors, Path file) throws IOException {
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            long bad = NonFiniteCount.of(e.getValue());
            if (bad > 0) {
                throw new NonFiniteTensorException("refusing to write " + file, e.getKey(), bad, e.getValue().size(),
                        "dckd never writes non-finite weights (a diverged run or a NaN/Inf setting such as the learning rate"
                                + " produces them); nothing was written");
            }
        }
        NDList list = new NDList(tensors.size());
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            NDArray a = e.getValue();
            String previous = a.getName();
            a.setName(e.getKey());
            list.add(a);
            if (previous != null && !previous.equals(e.getKey())) {
                // name is restored below after encoding
            }
        }
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
                list.encode(out, NDList.Encoding.SAFETENSORS);
            }
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
