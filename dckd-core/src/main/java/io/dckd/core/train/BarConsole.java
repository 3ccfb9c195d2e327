package io.dckd.core.train;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarConsumer;

/**
 * Where the progress bar is drawn: the bar lives on the terminal's last line, and any other line is
 * printed above it (the bar's line is cleared, the text written with its line break, the bar drawn
 * again), so log and validation lines stay on the screen instead of being drawn over.
 *
 * <p>The bar renders on its own thread; both kinds of writes hold this object's lock, so a line is
 * never split by a redraw.
 */
final class BarConsole implements ProgressBarConsumer {

    /** Carriage return, then "erase the whole line" (VT100). */
    static final String CLEAR_LINE = "\r\u001b[2K";

    private final PrintStream out;
    private final ConsoleProgressBarConsumer width;
    private String bar = "";

    /** Draws on {@code out}, trimmed to {@code maxWidth} characters, or to the terminal's width when it is 0. */
    BarConsole(PrintStream out, int maxWidth) {
        this.out = out;
        this.width = maxWidth > 0 ? new ConsoleProgressBarConsumer(out, maxWidth) : new ConsoleProgressBarConsumer(out);
    }

    @Override
    public int getMaxRenderedLength() {
        return width.getMaxRenderedLength();
    }

    @Override
    public synchronized void accept(String rendered) {
        bar = rendered;
        out.print(CLEAR_LINE);
        width.accept(rendered);
        out.flush();
    }

    /** Prints {@code line} above the bar. */
    synchronized void printAbove(String line) {
        out.print(CLEAR_LINE + line + System.lineSeparator());
        if (!bar.isEmpty()) {
            width.accept(bar);
        }
        out.flush();
    }

    /** Leaves the last bar on the screen and moves below it. */
    @Override
    public synchronized void close() {
        width.close();
    }
}
