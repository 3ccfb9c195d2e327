package io.dckd.core.distill;

import com.typesafe.config.Config;
import io.dckd.core.config.ComponentOptions;
import io.dckd.core.config.RunConfig;
import io.dckd.core.train.Ema;
import io.dckd.core.train.Network;
import java.util.List;

/**
 * DCKD's history model H (METHOD.md §2.2): a frozen copy of the student architecture, initialised
 * from the student EMA, refreshed as θ_H ← α·θ_H + (1−α)·θ_{S_ema} when {@code iter % step[i] == 0}
 * with {@code i = (iter−1) // step_interval} (clamped to the last entry), α = {@code update_decay}.
 * Iterations count from 1. The official code blends the EMA student, not the raw one (paper Eq. 6
 * says the raw student: {@code blend_source = raw} switches to that).
 */
public final class HistoryModel {

    private final Network history;
    private final double updateDecay;
    private final long[] steps;
    private final long stepInterval;
    private final boolean fromEma;
    private Network cast;
    private long updates;

    public HistoryModel(Network history, double updateDecay, long[] steps, long stepInterval, boolean fromEma) {
        if (steps.length == 0 || stepInterval <= 0) {
            throw new IllegalArgumentException("history needs at least one step and a positive step_interval");
        }
        this.history = history;
        this.updateDecay = updateDecay;
        this.steps = steps.clone();
        this.stepInterval = stepInterval;
        this.fromEma = fromEma;
    }

    /** Reads {@code train.history}. */
    public static HistoryModel from(Config section, Network history) {
        ComponentOptions o = ComponentOptions.over(RunConfig.defaults().getConfig("train.history")).read(section, "train.history");
        long[] steps = o.config().getLongList("step").stream().mapToLong(Long::longValue).toArray();
        // ema: the official code; raw: paper Eq. 6
        boolean fromEma = o.oneOf("blend_source", List.of("ema", "raw")).equals("ema");
        return new HistoryModel(history, o.getDouble("update_decay"), steps, o.getLong("step_interval"), fromEma);
    }

    /**
     * Runs H in a lower precision through {@code copy} (same architecture, {@link Network#castFrozen cast}):
     * the fp32 network stays the master that is blended, checkpointed and resumed (the refresh
     * H ← α·H + (1−α)·S_ema must not round to bf16 every time), and the copy is re-cast from it after
     * every change ({@link #sync}).
     */
    public HistoryModel withCastCopy(Network copy) {
        this.cast = copy;
        sync();
        return this;
    }

    /** The network that computes the negatives: the cast copy when there is one, else the fp32 master. */
    public Network runner() {
        return cast == null ? history : cast;
    }

    /** Re-casts the copy from the master (after initialisation, a refresh, or a resume that loaded the master). */
    public void sync() {
        if (cast != null) {
            cast.castFrom(history);
        }
    }

    /** Closes the master and the cast copy. */
    public void close() {
        history.close();
        if (cast != null) {
            cast.close();
        }
    }

    /** True if the history model is refreshed after iteration {@code iter} (1-based). */
    public boolean updatesAt(long iter) {
        int i = (int) Math.min(steps.length - 1, (iter - 1) / stepInterval);
        return iter % steps[i] == 0;
    }

    /** Initialises H as an exact copy of the EMA student (official {@code update_model_ema(0)}). */
    public void initialise(Network studentEma) {
        history.copyFrom(studentEma);
        sync();
    }

    /** Applies the schedule after iteration {@code iter}'s optimiser and EMA updates. */
    public boolean afterIteration(long iter, Network student, Network studentEma) {
        if (!updatesAt(iter)) {
            return false;
        }
        Ema.blend(history, fromEma ? studentEma : student, updateDecay);
        sync();
        updates++;
        return true;
    }

    /** The frozen history network, fp32: the master that is blended and checkpointed. */
    public Network network() {
        return history;
    }

    /** Number of refreshes so far (this process). */
    public long updates() {
        return updates;
    }
}
