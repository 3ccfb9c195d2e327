package io.dckd.core.train;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.util.function.Consumer;

/**
 * An output stream that hands each complete line to {@code sink} (without its line break), so that
 * whatever the process prints while the progress bar is shown (log lines, warnings) can be printed
 * above the bar instead of into it. A trailing partial line is handed over when the stream closes.
 */
final class LineForwarder extends OutputStream {

    private final Consumer<String> sink;
    private final Charset charset;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    LineForwarder(Consumer<String> sink, Charset charset) {
        this.sink = sink;
        this.charset = charset;
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            emit();
        } else {
            pending.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    private void emit() {
        String line = pending.toString(charset);
        pending.reset();
        sink.accept(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
    }

    /** Hands over a last line without a line break. */
    @Override
    public synchronized void close() {
        if (pending.size() > 0) {
            emit();
        }
    }
}
