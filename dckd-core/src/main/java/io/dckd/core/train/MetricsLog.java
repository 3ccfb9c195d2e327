package io.dckd.core.train;

import com.fasterxml.jackson.core.JacksonException;
import io.dckd.core.io.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Appends one JSON object per line to {@code metrics.jsonl}: training records
 * ({@code {"kind":"train","iter":..,"lr":..,"l_pix":..,"step_ms":..}}) and validation records
 * ({@code {"kind":"val","iter":..,"set":..,"psnr":..}}). Flat objects of strings and numbers only.
 */
public final class MetricsLog implements AutoCloseable {

    private final Path file;
    private final BufferedWriter out;

    public MetricsLog(Path file) {
        this.file = file;
        try {
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Writes one record and flushes it. */
    public synchronized void write(Map<String, ?> record) {
        try {
            out.write(toJson(record));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** A record as one line of JSON ({@link Json#line}: key order kept, 8 significant digits, NaN as null). */
    public static String toJson(Map<String, ?> record) {
        return Json.line(record);
    }

    /** Reads the records of a metrics file back (numbers as doubles, strings as strings). */
    public static List<Map<String, Object>> read(Path file) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add(parse(line));
            } catch (JacksonException e) {
                if (i < lines.size() - 1) {
                    throw new IOException(file + ":" + (i + 1) + ": not a JSON record: " + e.getMessage(), e);
                }
                // a last line torn by a crash (kill -9 during a write): ignored
            }
        }
        return out;
    }

    /**
     * Drops every record whose {@code iter} is above {@code iter} (and a torn last line), rewriting
     * the file atomically: after a resume from the checkpoint of iteration {@code iter}, the file reads
     * as that of an uninterrupted run. A missing file is left missing.
     */
    public static void truncateAfter(Path file, long iter) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        StringBuilder kept = new StringBuilder();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            Map<String, Object> r;
            try {
                r = parse(line);
            } catch (JacksonException e) {
                if (i < lines.size() - 1) {
                    throw new IOException(file + ":" + (i + 1) + ": not a JSON record: " + e.getMessage(), e);
                }
                continue;
            }
            if (!(r.get("iter") instanceof Number n) || n.longValue() <= iter) {
                kept.append(line).append(System.lineSeparator());
            }
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, kept, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * One record (also a stage marker, a checkpoint's state): numbers as doubles, as every reader of
     * these files expects, strings as strings.
     */
    public static Map<String, Object> parse(String line) throws JacksonException {
        Map<String, Object> m = Json.readObject(line);
        m.replaceAll((k, v) -> v instanceof Number n ? n.doubleValue() : v);
        return m;
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
