package io.dckd.launcher;

import ai.djl.engine.Engine;

/** Engine settings the launcher applies before training. */
public final class Engines {

    private Engines() {}

    /** Uses {@code n} intra-op threads (0 = all cores). */
    public static void configureThreads(int n) {
        int threads = n > 0 ? n : Runtime.getRuntime().availableProcessors();
        if ("PyTorch".equals(Engine.getInstance().getEngineName())) {
            ai.djl.pytorch.jni.JniUtils.setNumInteropThreads(1);
            ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
        }
    }

    /** e.g. {@code PyTorch 2.7.1}. */
    public static String describe() {
        Engine e = Engine.getInstance();
        return e.getEngineName() + " " + e.getVersion();
    }
}
