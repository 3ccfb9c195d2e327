package io.dckd.launcher;

import io.dckd.core.train.StopRequest;
import java.io.PrintStream;
import java.util.List;
import sun.misc.Signal;

/**
 * SIGINT (Ctrl-C), SIGTERM and SIGHUP become a {@link StopRequest} instead of the JVM's default
 * {@code exit()}, which tore libtorch down under a running convolution backward (SIGSEGV). The
 * first signal asks the run to finish its step, write a checkpoint and stop (exit 130 / 143); a
 * second one drops the step in flight at its next safe point. Should the main thread stay inside
 * one native operation for {@link #GRACE_SECONDS} after that, the process kills itself with
 * SIGKILL (exit 137): abrupt, but it cannot corrupt anything that a checkpoint's atomic rename
 * protects, and it cannot crash.
 */
final class SignalStop {

    static final int GRACE_SECONDS = 15;

    private SignalStop() {}

    /** Installs the handlers for the whole process (the command-line entry point only). */
    static void install(PrintStream err) {
        for (String name : List.of("INT", "TERM", "HUP")) {
            try {
                Signal.handle(new Signal(name), s -> onSignal("SIG" + s.getName(), err));
            } catch (IllegalArgumentException e) {
                // the signal is reserved here (e.g. -Xrs): the JVM's own handling stays
            }
        }
    }

    private static void onSignal(String signal, PrintStream err) {
        boolean first = StopRequest.pending() == null;
        StopRequest.request(signal);
        if (first) {
            err.println();
            err.println("dckd: " + signal + " received: stopping at the next safe point (training finishes the current step"
                    + " and writes a checkpoint first; press Ctrl-C again to stop at once)");
            return;
        }
        err.println();
        err.println("dckd: " + signal + " again: stopping at once, without a checkpoint of the step in flight");
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(GRACE_SECONDS * 1000L);
            } catch (InterruptedException e) {
                return;
            }
            err.println("dckd: still inside a native operation after " + GRACE_SECONDS + " s; killing the process");
            Signal.raise(new Signal("KILL"));
        }, "dckd-stop-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
