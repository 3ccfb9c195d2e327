package io.dckd.launcher;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code dckd} with a hostile neighbourhood in the same JVM: a thread that calls {@link System#gc()}
 * without pause, a thread that allocates, fills (0x7f bytes: huge floats, NaN-free) and drops direct
 * buffers of 16 B to 1 MiB, and busy threads that compete for the cores. Why: a tensor whose memory is
 * a Java direct buffer can be freed by the collector while autograd still holds it; this makes the
 * collector free such memory within milliseconds and fills it with garbage at once, so that a backward
 * pass that reads it computes a different gradient (or crashes) instead of getting lucky.
 *
 * <p>Arguments: the number of busy threads, then {@code dckd}'s own arguments. Exits with dckd's code.
 */
final class ChurnedDckd {

    /** Pause between two collections: often enough to free a closed array within one step, rarely enough to let the step run. */
    private static final long GC_PAUSE_MS = 15;

    private ChurnedDckd() {}

    public static void main(String[] args) {
        int busy = Integer.parseInt(args[0]);
        start("dckd-churn-gc", ChurnedDckd::collect);
        start("dckd-churn-buffers", ChurnedDckd::churnDirectBuffers);
        for (int i = 0; i < busy; i++) {
            start("dckd-churn-busy-" + i, ChurnedDckd::spin);
        }
        String[] dckd = new String[args.length - 1];
        System.arraycopy(args, 1, dckd, 0, dckd.length);
        System.exit(Dckd.commandLine().execute(dckd));
    }

    private static void start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }

    private static void collect() {
        while (true) {
            System.gc();
            try {
                Thread.sleep(GC_PAUSE_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void churnDirectBuffers() {
        SplittableRandom rng = new SplittableRandom(1);
        List<ByteBuffer> live = new ArrayList<>();
        byte[] fill = new byte[4096];
        java.util.Arrays.fill(fill, (byte) 0x7f);
        while (true) {
            int size = 16 << rng.nextInt(17); // 16 B .. 1 MiB
            ByteBuffer b = ByteBuffer.allocateDirect(size);
            while (b.hasRemaining()) {
                b.put(fill, 0, Math.min(fill.length, b.remaining()));
            }
            live.add(b);
            if (live.size() > 64) {
                live.remove(rng.nextInt(live.size()));
                Thread.yield();
            }
        }
    }

    private static void spin() {
        double x = 1;
        while (true) {
            x = Math.sin(x) + 1;
            if (x == 42) {
                System.out.println(x);
            }
        }
    }
}
