package io.dckd.backbones.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A validated safetensors header. Validation happens before any tensor is decoded, so a hostile
 * file fails with a {@link CheckpointFormatException} instead of an OOM or a native crash:
 *
 * <ul>
 *   <li>the 8-byte little-endian header length is positive, at most {@link #MAX_HEADER_BYTES} and
 *       inside the file;
 *   <li>the header is UTF-8 JSON (nesting and numbers bounded), an object of entries
 *       {@code {"dtype", "shape", "data_offsets"}} plus an optional string-valued
 *       {@code __metadata__};
 *   <li>each dtype is one of {@link TensorDType}, each dimension non-negative, each
 *       {@code [begin, end]} ordered, inside the data section, and exactly
 *       {@code numel * element size} bytes long, under 2 GiB;
 *   <li>together the tensors cover the data section exactly, without overlap or hole
 *       ({@link SafeTensorsLayout}).
 * </ul>
 *
 * @param dataStart file offset of the data section ({@code 8 + header length})
 * @param tensors the entries, in header order
 */
record SafeTensorsHeader(long dataStart, List<Entry> tensors) {

    /** Largest header accepted (the reference implementation uses the same 100 MB bound). */
    static final long MAX_HEADER_BYTES = 100L * 1000 * 1000;

    /** One tensor entry; offsets are relative to the data section. */
    record Entry(String name, TensorDType dtype, long[] shape, long begin, long end) {
        TensorInfo info() {
            return new TensorInfo(name, dtype, shape.clone());
        }
    }

    static SafeTensorsHeader read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            String source = file.toString();
            if (size < 8) {
                throw new CheckpointFormatException("safetensors file " + source + " is truncated: " + size + " bytes, the header length alone needs 8");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lengthBytes, 0, source);
            long n = lengthBytes.flip().getLong();
            if (n <= 0 || n > MAX_HEADER_BYTES || n > size - 8) {
                throw new CheckpointFormatException("safetensors file " + source + " declares a header of " + Long.toUnsignedString(n)
                        + " bytes, but it must be positive, at most " + MAX_HEADER_BYTES + " and fit the file ("
                        + size + " bytes): the file is corrupt or truncated");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) n);
            readFully(ch, headerBytes, 8, source);
            String json;
            try {
                json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(headerBytes.flip()).toString();
            } catch (CharacterCodingException e) {
                throw new CheckpointFormatException("safetensors header of " + source + " is not valid UTF-8", e);
            }
            return parse(json, 8 + n, size - 8 - n, source);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position, String source) throws IOException {
        long p = position;
        while (buf.hasRemaining()) {
            int r = ch.read(buf, p);
            if (r < 0) {
                throw new CheckpointFormatException("safetensors file " + source + " ends inside its header");
            }
            p += r;
        }
    }

    static SafeTensorsHeader parse(String json, long dataStart, long dataBytes, String source) throws CheckpointFormatException {
        Object root = BoundedJson.parse(json, source);
        if (!(root instanceof Map<?, ?> map)) {
            throw new CheckpointFormatException("safetensors header of " + source + " is not a JSON object");
        }
        List<Entry> out = new ArrayList<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = (String) e.getKey();
            if ("__metadata__".equals(name)) {
                if (!(e.getValue() instanceof Map<?, ?> meta) || !meta.values().stream().allMatch(v -> v instanceof String)) {
                    throw bad(source, name, "__metadata__ must map strings to strings");
                }
                continue;
            }
            if (!(e.getValue() instanceof Map<?, ?> t)) {
                throw bad(source, name, "entry is not an object");
            }
            for (Object k : t.keySet()) {
                if (!k.equals("dtype") && !k.equals("shape") && !k.equals("data_offsets")) {
                    throw bad(source, name, "unknown field \"" + k + "\"");
                }
            }
            if (!(t.get("dtype") instanceof String dtypeName)) {
                throw bad(source, name, "missing dtype");
            }
            TensorDType dtype = TensorDType.fromSafetensors(dtypeName);
            if (dtype == null) {
                throw bad(source, name, "dtype " + dtypeName + " is not supported (supported: " + TensorDType.safetensorsNames() + ")");
            }
            long[] shape = longs(t.get("shape"), source, name, "shape", 16);
            long[] offsets = longs(t.get("data_offsets"), source, name, "data_offsets", 2);
            if (offsets.length != 2) {
                throw bad(source, name, "data_offsets must be [begin, end]");
            }
            long numel = 1;
            for (long d : shape) {
                if (d < 0) {
                    throw bad(source, name, "negative dimension in shape");
                }
                try {
                    numel = Math.multiplyExact(numel, d);
                } catch (ArithmeticException ex) {
                    throw bad(source, name, "shape overflows 64 bits");
                }
            }
            long begin = offsets[0];
            long end = offsets[1];
            if (begin < 0 || end < begin || end > dataBytes) {
                throw bad(source, name, "data_offsets [" + begin + ", " + end + "] lie outside the data section of " + dataBytes + " bytes");
            }
            if (numel > (Integer.MAX_VALUE - 8) / dtype.bytes() || end - begin != numel * dtype.bytes()) {
                throw bad(source, name, "data_offsets span " + (end - begin) + " bytes but shape and dtype need "
                        + (numel > Long.MAX_VALUE / 8 ? "more than 2^63" : String.valueOf(numel * dtype.bytes())) + " (at most 2 GiB per tensor)");
            }
            out.add(new Entry(name, dtype, shape, begin, end));
        }
        SafeTensorsLayout.requireExactCover(out, dataBytes, source);
        return new SafeTensorsHeader(dataStart, List.copyOf(out));
    }

    private static long[] longs(Object v, String source, String name, String field, int maxLength) throws CheckpointFormatException {
        if (!(v instanceof List<?> list) || list.size() > maxLength) {
            throw bad(source, name, field + " must be a list of at most " + maxLength + " integers");
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long l)) {
                throw bad(source, name, field + " must hold integers");
            }
            out[i] = l;
        }
        return out;
    }

    private static CheckpointFormatException bad(String source, String name, String what) {
        return new CheckpointFormatException("safetensors header of " + source + ", tensor \"" + name + "\": " + what);
    }
}
