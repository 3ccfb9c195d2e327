package io.dckd.losses.distribution;

import ai.djl.ndarray.NDArray;
import io.dckd.core.nn.Scalars;
import io.dckd.core.spi.WeightedTerm;
import io.dckd.losses.Reduction;
import io.dckd.core.nn.Scratch;
import io.dckd.losses.internal.TermConfig;
import io.dckd.losses.internal.TermFactory;
import java.util.List;
import java.util.Locale;

/**
 * DCKD's distribution-mapping cross-entropy ({@code CELoss}, METHOD.md §1.2, paper Eq. 9) between the
 * codebook distributions C_S (student output) and C_T (teacher output), both N×K with N = B·h16·w16
 * positions and K codes.
 * <ul>
 *   <li>{@code mode = official} (default): what the released code computes,
 *       {@code F.cross_entropy(C_S, C_T)} with probability targets, i.e. the student's softmax
 *       probabilities are taken as logits again (double softmax):
 *       {@code mean_n [ −Σ_k C_T[n,k] · log_softmax(C_S[n,:])[k] ]}.</li>
 *   <li>{@code mode = paper}: Eq. 9, {@code mean_n [ −Σ_k C_T[n,k] · log max(C_S[n,k], eps) ]}.</li>
 * </ul>
 * Config: {@code ce_opt { type = CELoss, loss_weight = 0.001, mode = official, reduction = mean }}
 * ({@code reduction = sum} sums over positions). Reads {@code encoded_student.distribution} (with
 * gradient) and {@code encoded_teacher.distribution}.
 */
public final class CELoss extends TermFactory {

    /** Registry key. */
    public static final String TYPE = "CELoss";

    /** Which cross-entropy. */
    public enum Mode {
        /** Released code: cross-entropy on log_softmax(C_S). */
        OFFICIAL,
        /** Paper Eq. 9: cross-entropy on log C_S. */
        PAPER
    }

    public CELoss() {
        super(TYPE, TYPE + ": mean_n -sum_k C_T log_softmax(C_S) (official) or -sum_k C_T log C_S (paper)");
    }

    @Override
    protected WeightedTerm build(TermConfig c) {
        Mode mode = Mode.valueOf(c.oneOf("mode", List.of("official", "paper")).toUpperCase(Locale.ROOT));
        double eps = c.getDouble("eps");
        if (!(eps > 0 && eps < 1)) {
            throw c.bad("eps", "must be in (0, 1), got " + eps);
        }
        return new CrossEntropyTerm(c.termName(TYPE), c.getDouble("loss_weight"), mode, eps, c.reduction());
    }

    /** Official CE, {@code F.cross_entropy(student, teacher, reduction)}: a scalar in the student's manager. */
    public static NDArray official(NDArray student, NDArray teacher, Reduction reduction) {
        check(student, teacher);
        return Scratch.compute(student.getManager(),
                () -> reduction.apply(student.logSoftmax(1).mul(teacher).sum(new int[] {1}).neg()));
    }

    /** Paper CE (Eq. 9), {@code −Σ_k teacher · log max(student, eps)} reduced over positions. */
    public static NDArray paper(NDArray student, NDArray teacher, double eps, Reduction reduction) {
        check(student, teacher);
        return Scratch.compute(student.getManager(),
                () -> reduction.apply(Scalars.maximum(student, eps).log().mul(teacher).sum(new int[] {1}).neg()));
    }

    private static void check(NDArray student, NDArray teacher) {
        if (student.getShape().dimension() != 2 || !student.getShape().equals(teacher.getShape())) {
            throw new IllegalArgumentException("CELoss needs two N×K distributions of one shape, got student "
                    + student.getShape() + " and teacher " + teacher.getShape());
        }
    }
}
