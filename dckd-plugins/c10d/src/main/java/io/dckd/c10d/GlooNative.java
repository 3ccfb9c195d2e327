package io.dckd.c10d;

/**
 * The JNI bridge ({@code src/main/native/dckd_c10d.cpp}) to c10d's exported constructors and
 * collectives. Addresses are of c10d objects that hold one strong reference for the caller, given
 * back with {@link #release}. Loaded by {@link C10d#load()}.
 */
final class GlooNative {

    private GlooNative() {}

    /** A {@code c10d::TCPStore}: the server on rank 0, a client elsewhere; waits for {@code numWorkers}. */
    static native long newTcpStore(String host, int port, boolean isServer, int numWorkers, long timeoutMs);

    /** {@code c10d::ProcessGroupGloo::Options} with the collectives' timeout. */
    static native long newGlooOptions(long timeoutMs);

    /** Rendezvous of all ranks through {@code store}; takes over the reference to {@code options}. */
    static native long newProcessGroupGloo(long store, int rank, int size, long options);

    /** In-place sum of a {@code std::vector<at::Tensor>} over the group; blocks until done. */
    static native void allreduceCoalesced(long group, long tensorVector, long allreduceOptions);

    /** Drops one strong reference to a c10d object. */
    static native void release(long target);
}
