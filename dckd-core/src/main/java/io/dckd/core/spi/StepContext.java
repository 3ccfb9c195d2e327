package io.dckd.core.spi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The tensors of one training iteration, by name, for {@link LossTerm}s to read.
 *
 * <p>Standard names: {@link #LQ}, {@link #GT}, {@link #STUDENT}, {@link #TEACHER},
 * {@link #TEACHER_LCR}, {@link #NEGATIVES}. Expensive values (teacher output, negatives, encoder
 * features) are computed lazily, once, by whoever asks first, and shared by every term.
 * Everything belongs to the step's {@link #manager()} and is closed with it.
 */
public final class StepContext {

    /** Degraded input batch B×3×h×w. */
    public static final String LQ = "lq";
    /** Ground truth B×3×sh×sw. */
    public static final String GT = "gt";
    /** Student output (with gradient). */
    public static final String STUDENT = "student";
    /** Teacher output on lq (no gradient). */
    public static final String TEACHER = "teacher";
    /** Teacher output on the label-consistency-augmented lq, reverted (no gradient). */
    public static final String TEACHER_LCR = "teacher_lcr";
    /** History-model outputs on the negative inputs: an NDList of B×3×sh×sw arrays (no gradient). */
    public static final String NEGATIVES = "negatives";
    /**
     * {@link DistributionMapper.Encoded} of the student output: levels and codebook distribution
     * from one encoder pass, with gradient flowing back to the student.
     */
    public static final String ENCODED_STUDENT = "encoded_student";
    /** {@link DistributionMapper.Encoded} of the teacher output (no gradient). */
    public static final String ENCODED_TEACHER = "encoded_teacher";
    /**
     * {@link DistributionMapper.Encoded} of all negatives in one batch: level j holds the
     * features of {@code [n_1; ...; n_k]} concatenated along the batch axis (k·B first dimension),
     * in the order of {@link #NEGATIVES}; no distribution; no gradient.
     */
    public static final String ENCODED_NEGATIVES = "encoded_negatives";
    /**
     * The student's feature taps ({@link Backbone#featureTaps()}), an NDList in declared order,
     * from the same forward as {@link #STUDENT} (with gradient). Only present when a term reads it.
     */
    public static final String STUDENT_FEATS = "student_feats";
    /** The teacher's feature taps on lq, an NDList in declared order (no gradient). */
    public static final String TEACHER_FEATS = "teacher_feats";
    /** DUKD zoom-in: the student on LR-sized tiles of the GT ({@code io.dckd.core.distill.Upcycling}), with gradient. */
    public static final String ZOOM_IN_STUDENT = "zoom_in_student";
    /** DUKD zoom-in: the teacher on the same tiles (no gradient). */
    public static final String ZOOM_IN_TEACHER = "zoom_in_teacher";
    /** DUKD zoom-out: the student on lq shrunk by the scale, with gradient (its ground truth is lq). */
    public static final String ZOOM_OUT_STUDENT = "zoom_out_student";
    /** DUKD zoom-out: the teacher on the same shrunk lq (no gradient). */
    public static final String ZOOM_OUT_TEACHER = "zoom_out_teacher";

    private final NDManager manager;
    private final long iteration;
    private final Map<String, Object> values = new HashMap<>();
    private final Map<String, Supplier<?>> lazy = new HashMap<>();
    private java.util.function.Consumer<String> marker = segment -> { };

    public StepContext(NDManager manager, long iteration) {
        this.manager = manager;
        this.iteration = iteration;
    }

    /** Routes {@link #mark} to a profiler (benchmarks); by default marks are ignored. */
    public StepContext withMarker(java.util.function.Consumer<String> marker) {
        this.marker = marker;
        return this;
    }

    /** Charges the time since the previous mark to {@code segment} (no-op unless profiling). */
    public void mark(String segment) {
        marker.accept(segment);
    }

    /** The step's manager: scratch arrays created by terms belong here. */
    public NDManager manager() {
        return manager;
    }

    /** 1-based iteration number. */
    public long iteration() {
        return iteration;
    }

    /** Stores a value. */
    public StepContext put(String name, Object value) {
        values.put(name, value);
        return this;
    }

    /** Registers a value computed on first request. */
    public StepContext putLazy(String name, Supplier<?> supplier) {
        lazy.put(name, supplier);
        return this;
    }

    /** True if a value (eager or lazy) exists under {@code name}. */
    public boolean has(String name) {
        return values.containsKey(name) || lazy.containsKey(name);
    }

    /** A tensor by name; fails with the names that exist. */
    public NDArray tensor(String name) {
        return get(name, NDArray.class);
    }

    /** A tensor list by name. */
    public NDList list(String name) {
        return get(name, NDList.class);
    }

    /** Any value by name and type, computing a lazy one on first request. */
    public <T> T get(String name, Class<T> type) {
        Object v = values.get(name);
        if (v == null) {
            Supplier<?> s = lazy.remove(name);
            if (s == null) {
                throw new IllegalStateException("no tensor '" + name + "' in this step; available: "
                        + new java.util.TreeSet<>(keys()));
            }
            v = s.get();
            values.put(name, v);
        }
        if (!type.isInstance(v)) {
            throw new IllegalStateException("'" + name + "' is a " + v.getClass().getSimpleName() + ", not " + type.getSimpleName());
        }
        return type.cast(v);
    }

    /** A value if present. */
    public <T> Optional<T> find(String name, Class<T> type) {
        return has(name) ? Optional.of(get(name, type)) : Optional.empty();
    }

    private java.util.Set<String> keys() {
        java.util.Set<String> k = new java.util.HashSet<>(values.keySet());
        k.addAll(lazy.keySet());
        return k;
    }
}
