package io.dckd.losses.distribution;

import ai.djl.ndarray.NDArray;
import io.dckd.core.nn.Scalars;
import io.dckd.core.nn.Scratch;
import io.dckd.core.spi.WeightedTerm;
import io.dckd.losses.Reduction;
import io.dckd.losses.internal.TermConfig;
import io.dckd.losses.internal.TermFactory;
import java.util.List;
import java.util.Locale;

/**
 * DCKD's distribution-mapping cross-entropy ({@code CELoss}, METHOD.md §1.2, paper Eq. 9) between the
 * codebook distributions of the student output and of the teacher output, N×K with N = B·h·w
 * positions and K codes, computed from the encoder's code logits l = −‖z − e_k‖²
 * ({@link io.dckd.core.spi.DistributionMapper.Encoded#codeLogits()}).
 * <ul>
 *   <li>{@code mode = paper} (default): Eq. 9 with one softmax and a temperature τ,
 *       {@code mean_n [ −Σ_k softmax(l_T[n,:]/τ)[k] · log_softmax(l_S[n,:]/τ)[k] ]}; τ = 1 is the paper's
 *       C = ψ(‖F − e‖²). Its gradient on l_S is (softmax(l_S/τ) − softmax(l_T/τ))/(N·τ).</li>
 *   <li>{@code mode = official}: what the released code computes, {@code F.cross_entropy(C_S, C_T)}
 *       with C = softmax(l) and probability targets, i.e. the student's probabilities are taken as
 *       logits again (double softmax): {@code mean_n [ −Σ_k C_T[n,k] · log_softmax(C_S[n,:])[k] ]}.
 *       Its gradient is bounded by that of a softmax over values in [0, 1]: on a near-uniform
 *       codebook distribution it carries almost no signal. For parity configs.</li>
 * </ul>
 * Config: {@code ce_opt { type = CELoss, loss_weight = 0.001, mode = paper, tau = 1.0, reduction = mean }}
 * ({@code reduction = sum} sums over positions; {@code tau} only in paper mode). Reads
 * {@code encoded_student} (with gradient) and {@code encoded_teacher}.
 */
public final class CELoss extends TermFactory {

    /** Registry key. */
    public static final String TYPE = "CELoss";

    /** Which cross-entropy. */
    public enum Mode {
        /** Released code: cross-entropy on log_softmax(softmax(l_S)). */
        OFFICIAL,
        /** Paper Eq. 9: cross-entropy on log_softmax(l_S/τ), targets softmax(l_T/τ). */
        PAPER
    }

    public CELoss() {
        super(TYPE, TYPE + ": mean_n -sum_k softmax(l_T/tau) log_softmax(l_S/tau) (paper) or -sum_k C_T log_softmax(C_S) (official)");
    }

    @Override
    protected WeightedTerm build(TermConfig c) {
        Mode mode = Mode.valueOf(c.oneOf("mode", List.of("paper", "official")).toUpperCase(Locale.ROOT));
        double tau = c.getDouble("tau");
        if (!(tau > 0) || Double.isInfinite(tau)) {
            throw c.bad("tau", "must be a finite number > 0, got " + tau);
        }
        return new CrossEntropyTerm(c.termName(TYPE), c.getDouble("loss_weight"), mode, tau, c.reduction());
    }

    /** Official CE, {@code F.cross_entropy(student, teacher, reduction)}: a scalar in the student's manager. */
    public static NDArray official(NDArray student, NDArray teacher, Reduction reduction) {
        check(student, teacher);
        return Scratch.compute(student.getManager(),
                () -> reduction.apply(student.logSoftmax(1).mul(teacher).sum(new int[] {1}).neg()));
    }

    /**
     * Paper CE (Eq. 9) with temperature, on code logits: {@code −Σ_k softmax(teacher/τ) · log_softmax(student/τ)}
     * reduced over positions.
     */
    public static NDArray paper(NDArray studentLogits, NDArray teacherLogits, double tau, Reduction reduction) {
        check(studentLogits, teacherLogits);
        return Scratch.compute(studentLogits.getManager(), () -> {
            double inv = 1.0 / tau;
            NDArray target = Scalars.mul(teacherLogits, inv).softmax(1);
            return reduction.apply(Scalars.mul(studentLogits, inv).logSoftmax(1).mul(target).sum(new int[] {1}).neg());
        });
    }

    private static void check(NDArray student, NDArray teacher) {
        if (student.getShape().dimension() != 2 || !student.getShape().equals(teacher.getShape())) {
            throw new IllegalArgumentException("CELoss needs two N×K distributions of one shape, got student "
                    + student.getShape() + " and teacher " + teacher.getShape());
        }
    }
}
