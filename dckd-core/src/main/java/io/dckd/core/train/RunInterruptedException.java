package io.dckd.core.train;

/**
 * A run stopped by a signal (SIGINT from Ctrl-C, SIGTERM from {@code kill} or a scheduler) at a
 * safe point. The launcher prints the message and exits with 128 + the signal's number (130 for
 * SIGINT, 143 for SIGTERM), as a shell does for a process a signal ended.
 */
public final class RunInterruptedException extends RuntimeException {

    private final String signal;

    public RunInterruptedException(String signal, String message) {
        super(message);
        this.signal = signal;
    }

    /** The signal's name, e.g. {@code SIGINT}. */
    public String signal() {
        return signal;
    }

    /** 130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP, else 1. */
    public int exitCode() {
        return switch (signal) {
            case "SIGINT" -> 130;
            case "SIGTERM" -> 143;
            case "SIGHUP" -> 129;
            default -> 1;
        };
    }

    /** The same stop, with where it happened and how to continue. */
    public RunInterruptedException withDetail(String detail) {
        RunInterruptedException e = new RunInterruptedException(signal, detail);
        e.setStackTrace(getStackTrace());
        return e;
    }
}
