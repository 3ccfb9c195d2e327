package io.dckd.core.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes the run's log lines both to {@code train.log} in the run directory and to the console logger. */
public final class RunLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("dckd");
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private final BufferedWriter out;

    public RunLog(Path file) {
        BufferedWriter w;
        try {
            w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run log " + file + ": " + e.getMessage(), e);
        }
        this.out = w;
    }

    /** Logs one line at INFO. */
    public synchronized void info(String fmt, Object... args) {
        String msg = args.length == 0 ? fmt : String.format(Locale.ROOT, fmt, args);
        LOG.info(msg);
        file("INFO", msg);
    }

    /** Logs one line at WARN. */
    public synchronized void warn(String fmt, Object... args) {
        String msg = args.length == 0 ? fmt : String.format(Locale.ROOT, fmt, args);
        LOG.warn(msg);
        file("WARN", msg);
    }

    /** Writes to the file only (progress lines that the console shows as a bar). */
    public synchronized void fileOnly(String fmt, Object... args) {
        file("INFO", args.length == 0 ? fmt : String.format(Locale.ROOT, fmt, args));
    }

    private void file(String level, String msg) {
        try {
            out.write(TS.format(LocalDateTime.now()) + " " + level + " " + msg);
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run log: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException ignored) {
            // nothing more to log to
        }
    }
}
