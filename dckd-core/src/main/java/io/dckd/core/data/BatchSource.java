package io.dckd.core.data;

/**
 * An endless, seeded stream of training batches, prepared off the training thread.
 *
 * <p>{@link #position()} counts batches handed out; a source re-opened with the same seed and
 * {@code skipTo(position)} continues with exactly the batches an uninterrupted run would have seen.
 */
public interface BatchSource extends AutoCloseable {

    /** The next batch; blocks while the prefetch queue is empty. */
    Batch next();

    /** Number of batches handed out so far. */
    long position();

    /** Fast-forwards so the next batch is the one with index {@code position}. */
    void skipTo(long position);

    /** Stops the loader threads. */
    @Override
    void close();
}
