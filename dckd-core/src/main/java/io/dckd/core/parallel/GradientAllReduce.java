package io.dckd.core.parallel;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * Synchronises one training step of a data-parallel run: every rank (one process per device, as
 * {@code torchrun} starts them) computes the gradient of its own shard of the batch, then this
 * replaces each gradient, in place, by its mean over the ranks, so that every rank applies the same
 * optimizer step to the same weights.
 *
 * <p>The rule (the one {@code torch.nn.parallel.DistributedDataParallel} follows): each of the N ranks
 * takes {@code batch_size_per_gpu} = B samples from its {@link DataShard}; the effective batch is
 * N&middot;B; gradients are averaged, not summed, so with a loss that is a mean over the batch the
 * averaged gradient is the gradient of the N&middot;B batch, and the learning rate is left unchanged
 * (scale it yourself, e.g. linearly with N, if you change the effective batch). N ranks with B each
 * therefore train as one process with batch N&middot;B, up to float rounding.
 *
 * <p>A local fault (a non-finite or exploding loss on one rank) must not let the ranks part: the flag
 * travels with the gradients, and every rank skips the step when any rank faulted.
 */
public interface GradientAllReduce extends AutoCloseable {

    /** This process's rank, 0 .. {@link #worldSize()} - 1; rank 0 writes logs, checkpoints and reports. */
    int rank();

    /** Number of ranks. */
    int worldSize();

    /**
     * Replaces every gradient by its mean over the ranks, in place, in the order given (the same
     * parameter order on every rank). Blocks until every rank has contributed.
     *
     * @param gradients the gradients of the trainable parameters, dense and contiguous
     * @param localFault true when this rank's step is to be skipped
     * @return true when some rank (this one or another) reported a fault: skip the update
     * @throws IllegalStateException when a rank is gone or the collective timed out; the run cannot go on
     */
    boolean average(List<NDArray> gradients, boolean localFault);

    /**
     * Blocks until every rank has called it (an all-reduce of the fault flag alone); throws as
     * {@link #average} does when a rank is gone.
     */
    default void barrier() {
        average(List.of(), false);
    }

    /** Leaves the group. */
    @Override
    void close();

    /** The single-process case: nothing to exchange. */
    static GradientAllReduce single() {
        return new GradientAllReduce() {
            @Override
            public int rank() {
                return 0;
            }

            @Override
            public int worldSize() {
                return 1;
            }

            @Override
            public boolean average(List<NDArray> gradients, boolean localFault) {
                return localFault;
            }

            @Override
            public void close() {}
        };
    }
}
