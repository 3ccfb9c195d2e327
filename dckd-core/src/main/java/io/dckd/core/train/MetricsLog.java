package io.dckd.core.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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

    /** Renders a flat map as JSON. */
    public static String toJson(Map<String, ?> record) {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, ?> e : record.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append('"').append(escape(e.getKey())).append("\":");
            Object v = e.getValue();
            if (v instanceof Number n) {
                double d = n.doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    sb.append("null");
                } else if (v instanceof Integer || v instanceof Long) {
                    sb.append(n.longValue());
                } else {
                    sb.append(String.format(Locale.ROOT, "%.8g", d));
                }
            } else if (v == null) {
                sb.append("null");
            } else if (v instanceof Boolean b) {
                sb.append(b);
            } else {
                sb.append('"').append(escape(v.toString())).append('"');
            }
        }
        return sb.append('}').toString();
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
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
            } catch (com.typesafe.config.ConfigException e) {
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
            } catch (com.typesafe.config.ConfigException e) {
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
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    static Map<String, Object> parse(String line) {
        com.typesafe.config.Config c = com.typesafe.config.ConfigFactory.parseString(line,
                com.typesafe.config.ConfigParseOptions.defaults().setSyntax(com.typesafe.config.ConfigSyntax.JSON));
        Map<String, Object> m = new LinkedHashMap<>();
        for (var e : c.root().entrySet()) {
            Object v = e.getValue().unwrapped();
            m.put(e.getKey(), v instanceof Number n ? (Object) n.doubleValue() : v);
        }
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
