package io.dckd.core.parallel;

import java.time.Duration;

/**
 * The process-group library behind {@code dckd train --nproc N} (found with {@link java.util.ServiceLoader}; the
 * optional module dckd-c10d provides one on PyTorch's c10d / Gloo). {@link #prepare()} runs in each rank's
 * process before anything touches DJL's engine; {@link #join} then meets the other ranks.
 */
public interface DataParallelBackend {

    /** A short name for messages, e.g. {@code "c10d/Gloo"}. */
    String name();

    /** Loads the native parts and points DJL's engine at them; call before the first DJL call. */
    void prepare();

    /**
     * Joins the group of {@code worldSize} ranks that meet at {@code host:port} (rank 0 serves the
     * rendezvous); blocks until all have joined or {@code timeout} passed, which is also the limit
     * of every later collective.
     */
    GradientAllReduce join(String host, int port, int rank, int worldSize, Duration timeout);
}
