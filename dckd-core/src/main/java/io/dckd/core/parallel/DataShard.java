package io.dckd.core.parallel;

import io.dckd.core.data.Batch;
import java.util.Arrays;

/**
 * Which samples rank {@code rank} of {@code worldSize} trains on: the batch of N&middot;B samples that
 * one process would draw at that iteration (the same seed, the same crops and flips), of which rank r
 * takes rows r&middot;B .. (r+1)&middot;B - 1. The shard depends only on the seed, the iteration, the
 * rank and N, so it is the same after a resume; and the N shards together are exactly the one-process
 * batch, which is what makes N ranks with B each train as one process with N&middot;B (see
 * {@link GradientAllReduce}).
 *
 * @param rank this process's rank
 * @param worldSize number of ranks
 */
public record DataShard(int rank, int worldSize) {

    public DataShard {
        if (worldSize < 1 || rank < 0 || rank >= worldSize) {
            throw new IllegalArgumentException("rank " + rank + " of " + worldSize + ": expected 0 <= rank < worldSize");
        }
    }

    /** The global batch size for {@code perRank} samples on each rank. */
    public int globalBatch(int perRank) {
        return perRank * worldSize;
    }

    /** This rank's rows of {@code global}, whose size must be a multiple of the number of ranks. */
    public Batch of(Batch global) {
        if (global.size() % worldSize != 0) {
            throw new IllegalArgumentException("a batch of " + global.size() + " samples cannot be split evenly over "
                    + worldSize + " ranks");
        }
        int b = global.size() / worldSize;
        int lq = 3 * global.lqHeight() * global.lqWidth();
        int gt = 3 * global.gtHeight() * global.gtWidth();
        return new Batch(b, global.lqHeight(), global.lqWidth(),
                Arrays.copyOfRange(global.lq(), rank * b * lq, (rank + 1) * b * lq),
                global.gtHeight(), global.gtWidth(),
                Arrays.copyOfRange(global.gt(), rank * b * gt, (rank + 1) * b * gt));
    }
}
