package io.dckd.core.io;

import com.fasterxml.jackson.core.JacksonException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code __metadata__} of a safetensors file (string keys to string values, as the format
 * requires): what dckd knows about the weights it writes, so that a file can be used without
 * repeating its architecture on the command line. Every file dckd writes carries at least
 * {@code format} and {@code dckd_version}; network weights add their architecture
 * ({@link StoredArchitecture}) and which weights they are ({@code weights} = ema|raw,
 * {@code iteration}, {@code metric}, {@code score}, {@code val_set}, and {@code selected} = best|ema|raw
 * for an export). Files without metadata (official checkpoints, PyTorch files) read as {@link #empty()}.
 */
public final class WeightsMetadata {

    public static final String FORMAT = "format";
    public static final String VERSION = "dckd_version";
    public static final String WEIGHTS = "weights";
    public static final String SELECTED = "selected";
    public static final String ITERATION = "iteration";
    public static final String METRIC = "metric";
    public static final String SCORE = "score";
    public static final String VAL_SET = "val_set";

    /** Headers larger than this are not read for metadata (the safetensors reference bound). */
    private static final long MAX_HEADER_BYTES = 100L * 1000 * 1000;

    private static final WeightsMetadata EMPTY = new WeightsMetadata(Map.of());

    private final Map<String, String> values;

    private WeightsMetadata(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** No metadata. */
    public static WeightsMetadata empty() {
        return EMPTY;
    }

    /** What every file dckd writes carries: {@code format = pt} (PyTorch layout, as Hugging Face files) and the dckd version. */
    public static WeightsMetadata stamp() {
        return EMPTY.with(FORMAT, "pt").with(VERSION, version());
    }

    /** The running dckd's version (from dckd-core's jar manifest; the build's version when run from classes). */
    public static String version() {
        String v = WeightsMetadata.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0";
    }

    /** A copy with {@code key = String.valueOf(value)}. */
    public WeightsMetadata with(String key, Object value) {
        Map<String, String> m = new LinkedHashMap<>(values);
        m.put(key, String.valueOf(value));
        return new WeightsMetadata(m);
    }

    /** A copy with every entry of {@code other} on top of these. */
    public WeightsMetadata with(WeightsMetadata other) {
        Map<String, String> m = new LinkedHashMap<>(values);
        m.putAll(other.values);
        return new WeightsMetadata(m);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public Map<String, String> asMap() {
        return values;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /**
     * The metadata of {@code file}: empty when it is not a safetensors file (a PyTorch checkpoint)
     * or has no {@code __metadata__}. Only the header is read; a malformed header reads as empty
     * here and is reported by the weights reader, which validates it in full.
     */
    public static WeightsMetadata read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return EMPTY;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                return EMPTY;
            }
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, len, 0);
            long n = len.flip().getLong();
            if (n <= 0 || n > MAX_HEADER_BYTES || n > size - 8) {
                return EMPTY;
            }
            ByteBuffer header = ByteBuffer.allocate((int) n);
            readFully(ch, header, 8);
            String json = new String(header.array(), StandardCharsets.UTF_8);
            if (!json.startsWith("{")) {
                return EMPTY;
            }
            return fromHeader(json);
        }
    }

    /** The {@code __metadata__} of a safetensors header (JSON). */
    static WeightsMetadata fromHeader(String json) {
        Map<String, Object> root;
        try {
            root = Json.readObject(json);
        } catch (JacksonException e) {
            return EMPTY;
        }
        if (!(root.get("__metadata__") instanceof Map<?, ?> meta)) {
            return EMPTY;
        }
        Map<String, String> m = new LinkedHashMap<>();
        meta.forEach((k, v) -> {
            if (v instanceof String text) {
                m.put((String) k, text);
            }
        });
        return new WeightsMetadata(m);
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long p = position;
        while (buf.hasRemaining()) {
            int r = ch.read(buf, p);
            if (r < 0) {
                throw new EOFException();
            }
            p += r;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeightsMetadata w && w.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
