package io.dckd.core.train;

/**
 * A process-wide request to stop, set by the launcher's SIGINT/SIGTERM handler and polled by the
 * code that runs native ops, so that no native op is ever torn down from another thread.
 *
 * <p>Why: the JVM's default handler for SIGINT/SIGTERM runs {@code exit()}, whose C++ static
 * destructors tear down libtorch (thread pools, oneDNN primitive caches) while the training thread
 * is still inside a convolution backward: a SIGSEGV. Here the signal only sets a flag; the thread
 * that owns the tensors stops at a safe point and unwinds normally, closing its own tensors.
 *
 * <p>Two levels: the first signal is a <em>graceful</em> request (the training loop finishes the
 * step in flight, writes a checkpoint and stops; code outside a training loop stops at its next
 * forward pass); a second signal <em>aborts</em>: the step in flight is dropped at its next safe
 * point (between two phases of the step, or before the next forward pass).
 */
public final class StopRequest {

    private static volatile String signal;
    private static volatile boolean abort;
    private static final ThreadLocal<Integer> DEFERRING = ThreadLocal.withInitial(() -> 0);

    private StopRequest() {}

    /** Records a stop request for {@code signalName} (e.g. {@code SIGINT}); a second request aborts. */
    public static synchronized void request(String signalName) {
        if (signal != null) {
            abort = true;
        } else {
            signal = signalName;
        }
    }

    /** The signal of a pending request, or null. */
    public static String pending() {
        return signal;
    }

    /** True after a second request: drop the step in flight. */
    public static boolean aborting() {
        return abort;
    }

    /**
     * Throws {@link RunInterruptedException} when the run must stop here: always after an abort, and
     * after a graceful request unless a training loop on this thread has taken it over ({@link
     * #deferToLoop}). Called before forward passes and between the phases of a step.
     */
    public static void check() {
        String s = signal;
        if (s != null && (abort || DEFERRING.get() == 0)) {
            throw new RunInterruptedException(s, abort ? "stopped at once (second signal)" : "stopped before the next forward pass");
        }
    }

    /**
     * Marks this thread as running a loop that handles a graceful request itself (at an iteration
     * boundary, with a checkpoint); close the returned handle when the loop ends.
     */
    public static Deferral deferToLoop() {
        DEFERRING.set(DEFERRING.get() + 1);
        return () -> DEFERRING.set(DEFERRING.get() - 1);
    }

    /** Ends a {@link #deferToLoop} section. */
    public interface Deferral extends AutoCloseable {
        @Override
        void close();
    }

    /** Forgets any request (tests that run several trainings in one JVM). */
    public static synchronized void reset() {
        signal = null;
        abort = false;
    }
}
