package io.dckd.core.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
 *
 * <p>Every file written carries {@code __metadata__} ({@link WeightsMetadata}): at least the format
 * and the dckd version, and for network weights their architecture and which weights they are.
 */
public final class SafeTensors {

    private SafeTensors() {}

    /** Reads every tensor of {@code file} into {@code manager}, keyed by name, in file order. */
    public static Map<String, NDArray> read(NDManager manager, Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new FileNotFoundException("no safetensors file at " + file.toAbsolutePath());
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
     * file that reached the disk another way (an older dckd, a hand edit) is never passed on. The
     * metadata of {@code from} is kept, with {@code extra} on top.
     */
    public static void copy(Path from, Path to, WeightsMetadata extra) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            write(read(manager, from), to, WeightsMetadata.read(from).with(extra));
        }
    }

    /** {@link #copy(Path, Path, WeightsMetadata)} with the metadata of {@code from} as it is. */
    public static void copy(Path from, Path to) throws IOException {
        copy(from, to, WeightsMetadata.empty());
    }

    /** {@link #write(Map, Path, WeightsMetadata)} with only the {@linkplain WeightsMetadata#stamp() stamp}. */
    public static void write(Map<String, NDArray> tensors, Path file) throws IOException {
        write(tensors, file, WeightsMetadata.empty());
    }

    /**
     * Writes {@code tensors} (names as given) to {@code file} atomically, with {@code metadata} on top
     * of the {@linkplain WeightsMetadata#stamp() stamp} as the header's {@code __metadata__}.
     *
     * @throws NonFiniteTensorException naming the first tensor holding NaN or ±Inf; nothing is written
     */
    public static void write(Map<String, NDArray> tensors, Path file, WeightsMetadata metadata) throws IOException {
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            long bad = NonFiniteCount.of(e.getValue());
            if (bad > 0) {
                throw new NonFiniteTensorException("refusing to write " + file, e.getKey(), bad, e.getValue().size(),
                        "dckd never writes non-finite weights (a diverged run or a NaN/Inf setting such as the learning rate"
                                + " produces them); nothing was written");
            }
        }
        byte[] header = header(tensors, WeightsMetadata.stamp().with(metadata));
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
                out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
                out.write(header);
                for (NDArray a : tensors.values()) {
                    out.write(a.toByteArray());
                }
            }
            try (var ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The JSON header: {@code __metadata__} first, then the tensors in order (dtype, shape, offsets
     * as DJL's own encoder writes them), padded with spaces to a multiple of 8 bytes as the format
     * recommends, so the data section stays aligned.
     */
    private static byte[] header(Map<String, NDArray> tensors, WeightsMetadata metadata) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("__metadata__", metadata.asMap());
        long offset = 0;
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            NDArray a = e.getValue();
            long end = offset + a.getDataType().getNumOfBytes() * a.size();
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("dtype", a.getDataType().asSafetensors());
            t.put("shape", a.getShape().getShape());
            t.put("data_offsets", new long[] {offset, end});
            root.put(e.getKey(), t);
            offset = end;
        }
        StringBuilder json = new StringBuilder(Json.line(root));
        while (json.toString().getBytes(StandardCharsets.UTF_8).length % 8 != 0) {
            json.append(' ');
        }
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }
}
