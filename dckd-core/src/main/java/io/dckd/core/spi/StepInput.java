package io.dckd.core.spi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What one training iteration can compute for the loss terms, by the name configs use
 * ({@code pred = student, target = teacher_lcr}). A term declares the inputs it reads
 * ({@link WeightedTerm#inputs()}); the training step computes exactly those, each once, and puts
 * them into the {@link StepContext}. Symbols follow the paper (S student, T teacher, H history
 * model, E encoder, D_i degradations) and the official {@code DCKDModel.optimize_parameters}.
 */
public enum StepInput {
    /** x: the degraded input batch, B×3×h×w. */
    LQ(NDArray.class),
    /** y: the ground truth, B×3×sh×sw. */
    GT(NDArray.class),
    /** S(x), with gradient. */
    STUDENT(NDArray.class),
    /** The student's feature taps ({@link Backbone#featureTaps()}) from the same forward as S(x), with gradient. */
    STUDENT_FEATS(NDList.class),
    /** T(x), frozen. */
    TEACHER(NDArray.class),
    /** T(lcr(x)) reverted by the inverse ops (label consistency; official {@code noisy} ops), frozen. */
    TEACHER_LCR(NDArray.class),
    /** The teacher's feature taps on x, frozen. */
    TEACHER_FEATS(NDList.class),
    /** [H(x), H(D_1(x)) .. H(D_n(x))]: the history model on the clean and the degraded inputs, frozen. */
    NEGATIVES(NDList.class),
    /** E(S(x)): encoder levels and codebook distribution from one pass, with gradient to the student. */
    ENCODED_STUDENT(DistributionMapper.Encoded.class),
    /** E(T(x)), frozen. */
    ENCODED_TEACHER(DistributionMapper.Encoded.class),
    /** E of all negatives in one batch (level j: [n_1; ..; n_k] along the batch axis), no distribution, frozen. */
    ENCODED_NEGATIVES(DistributionMapper.Encoded.class),
    /** DUKD zoom-in: S on LR-sized tiles of the ground truth, with gradient. */
    ZOOM_IN_STUDENT(NDArray.class),
    /** DUKD zoom-in: T on the same tiles, frozen. */
    ZOOM_IN_TEACHER(NDArray.class),
    /** DUKD zoom-out: S on x shrunk by the scale, with gradient (its ground truth is x). */
    ZOOM_OUT_STUDENT(NDArray.class),
    /** DUKD zoom-out: T on the same shrunk x, frozen. */
    ZOOM_OUT_TEACHER(NDArray.class);

    private final Class<?> type;

    StepInput(Class<?> type) {
        this.type = type;
    }

    /** The name configs and formulas use, e.g. {@code teacher_lcr}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What the context holds for this input: an NDArray, an NDList or an {@link DistributionMapper.Encoded}. */
    public Class<?> type() {
        return type;
    }

    /** True for the inputs that come out of the frozen encoder. */
    public boolean encoded() {
        return type == DistributionMapper.Encoded.class;
    }

    /** The input named {@code key} ({@code teacher_lcr}), if any. */
    public static Optional<StepInput> find(String key) {
        return Arrays.stream(values()).filter(i -> i.key().equals(key)).findFirst();
    }

    /** Every config name, in declaration order (for error messages). */
    public static List<String> keys() {
        return Arrays.stream(values()).map(StepInput::key).toList();
    }

    @Override
    public String toString() {
        return key();
    }
}
