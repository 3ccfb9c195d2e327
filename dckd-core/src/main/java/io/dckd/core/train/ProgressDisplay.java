package io.dckd.core.train;

import java.io.PrintStream;
import java.nio.charset.Charset;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The console side of the training loop ({@code logger.progress}). With the bar: iterations, it/s,
 * ETA and the last step's total and per-term losses on the bottom line, and every line the process
 * prints meanwhile (progress lines, validation, warnings) above it, by routing {@code System.err}
 * and {@code System.out} through {@link BarConsole} while the bar is open. With lines or off, no bar;
 * {@link #eta(long)} feeds the ETA into the plain progress line in every mode.
 */
public final class ProgressDisplay implements AutoCloseable {

    private final ProgressMode mode;
    private final Eta eta;
    private ProgressBar bar;
    private BarConsole console;
    private LineForwarder forwarder;
    private PrintStream savedErr;
    private PrintStream savedOut;

    /**
     * The display of a loop over iterations {@code start+1 .. total} on this process's console;
     * {@code auto} shows the bar when the process has a terminal ({@link System#console()}).
     */
    public static ProgressDisplay open(ProgressMode mode, long start, long total) {
        return new ProgressDisplay(mode.resolve(System.console() != null), start, total, System::nanoTime, System.err, 0);
    }

    /** {@code mode} must be resolved; {@code width} 0 means the terminal's. */
    ProgressDisplay(ProgressMode mode, long start, long total, LongSupplier nanoClock, PrintStream terminal, int width) {
        if (mode == ProgressMode.AUTO) {
            throw new IllegalArgumentException("resolve the progress mode first");
        }
        this.mode = mode;
        this.eta = new Eta(start, total, nanoClock);
        if (mode == ProgressMode.BAR) {
            console = new BarConsole(terminal, width);
            bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(500).continuousUpdate().setConsumer(console)
                    .setUnit("it", 1).showSpeed(new DecimalFormat("0.00", DecimalFormatSymbols.getInstance(Locale.ROOT)))
                    // rate and ETA from this process's iterations only (a resumed run's earlier ones took no time here)
                    .startsFrom(start, Duration.ZERO).build();
            routeStandardStreams();
        }
    }

    private void routeStandardStreams() {
        Charset cs = Charset.defaultCharset();
        forwarder = new LineForwarder(console::printAbove, cs);
        PrintStream routed = new PrintStream(forwarder, true, cs);
        savedErr = System.err;
        savedOut = System.out;
        System.setErr(routed);
        System.setOut(routed);
    }

    /** Whether the progress lines of {@code print_freq} belong on the console (not with {@code off}). */
    public boolean showsProgressLines() {
        return mode != ProgressMode.OFF;
    }

    /** Iteration {@code it} is done with the logged {@code values}; a skipped step (no {@code l_total}) keeps the last losses shown. */
    public void step(long it, Map<String, Double> values) {
        if (bar == null) {
            return;
        }
        bar.stepTo(it);
        if (values.containsKey("l_total")) {
            bar.setExtraMessage(" " + lossMessage(values)); // the renderer writes it right after the rate
        }
    }

    /** "eta H:MM:SS (x.xx it/s)" after iteration {@code it}, for the progress line. */
    public String eta(long it) {
        return eta.describe(it);
    }

    /** "loss 0.04213 (l_pix 0.04012 l_cl 0.002010)": the total, then each term as logged. */
    static String lossMessage(Map<String, Double> values) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "loss %.4g", values.get("l_total")));
        StringBuilder terms = new StringBuilder();
        values.forEach((k, v) -> {
            if (!k.equals("l_total")) {
                terms.append(terms.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%s %.4g", k, v));
            }
        });
        return terms.length() == 0 ? sb.toString() : sb.append(" (").append(terms).append(')').toString();
    }

    /** Draws the final bar and gives the standard streams back. */
    @Override
    public void close() {
        if (bar == null) {
            return;
        }
        System.setErr(savedErr);
        System.setOut(savedOut);
        forwarder.close();
        bar.close();
    }
}
