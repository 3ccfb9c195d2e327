package io.dckd.c10d;

import io.dckd.core.parallel.DataParallelBackend;
import io.dckd.core.parallel.GradientAllReduce;
import java.time.Duration;

/** {@code dckd train --nproc N} on c10d's Gloo: {@link C10d#load()}, then a {@link GlooProcessGroup} over TCP. */
public final class GlooBackend implements DataParallelBackend {

    @Override
    public String name() {
        return "c10d/Gloo";
    }

    @Override
    public void prepare() {
        C10d.load();
    }

    @Override
    public GradientAllReduce join(String host, int port, int rank, int worldSize, Duration timeout) {
        return new GlooGradientAllReduce(new GlooProcessGroup(host, port, rank, worldSize, timeout));
    }
}
