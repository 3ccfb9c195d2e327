package io.dckd.tasks.data;

import java.util.SplittableRandom;

/** Derives independent, reproducible random streams from a run seed and an index. */
public final class Seeds {
    private Seeds() {}

    /** Stafford's mix13 (as in SplittableRandom): a bijective 64-bit mixer. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A random stream for (seed, stream, index); different streams of one seed never coincide. */
    public static SplittableRandom rng(long seed, long stream, long index) {
        return new SplittableRandom(mix(mix(mix(seed) + stream) + index));
    }
}
