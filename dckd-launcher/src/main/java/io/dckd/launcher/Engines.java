package io.dckd.launcher;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/** Engine settings the launcher applies before training. */
public final class Engines {

    private Engines() {}

    private static boolean interopSet;

    /**
     * Uses {@code n} intra-op threads (0 = all cores) and one inter-op thread (a training step is one
     * chain of ops). libtorch accepts the inter-op setting once per process, before any parallel work.
     * Then {@link #prepare()}.
     */
    public static synchronized void configureThreads(int n) {
        int threads = n > 0 ? n : Runtime.getRuntime().availableProcessors();
        if ("PyTorch".equals(Engine.getInstance().getEngineName())) {
            if (!interopSet) {
                interopSet = true;
                try {
                    JniUtils.setNumInteropThreads(1);
                } catch (RuntimeException e) {
                    // already fixed by earlier work in this process: keep libtorch's choice
                }
            }
            JniUtils.setNumThreads(threads);
        }
        prepare();
    }

    /** libtorch's intra-op thread count as it reports it now; the available processors under another engine. */
    public static int intraOpThreads() {
        if ("PyTorch".equals(Engine.getInstance().getEngineName())) {
            return JniUtils.getNumThreads();
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** Loads the engine and turns libtorch's NNPACK path off (see {@link Nnpack}); for every command that runs a network. */
    public static void prepare() {
        if ("PyTorch".equals(Engine.getInstance().getEngineName())) {
            Nnpack.disable();
        }
    }

    /** e.g. {@code PyTorch 2.7.1, OpenMP wait PASSIVE (auto: 2 other runnable processes on 2 cores at start)}. */
    public static String describe() {
        Engine e = Engine.getInstance();
        return e.getEngineName() + " " + e.getVersion() + ", OpenMP wait " + ompWait();
    }

    /** How libtorch's OpenMP threads wait, as {@code bin/dckd} chose it ({@code DCKD_OMP_WAIT}); "unknown" when started otherwise. */
    public static String ompWait() {
        String chosen = System.getenv("DCKD_OMP_WAIT_CHOSEN");
        return chosen == null || chosen.isEmpty() ? "unknown (not started by bin/dckd)" : chosen;
    }
}
