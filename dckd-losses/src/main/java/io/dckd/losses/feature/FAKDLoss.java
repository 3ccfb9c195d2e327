package io.dckd.losses.feature;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.dckd.core.nn.Scalars;
import io.dckd.core.nn.Scratch;
import io.dckd.core.spi.WeightedTerm;
import io.dckd.losses.internal.TermConfig;
import io.dckd.losses.internal.TermFactory;
import java.util.List;
import java.util.Locale;

/**
 * Feature-affinity distillation (FAKD; He, Dai, Lu, Jiang, Xia, ICIP 2020, official code
 * Vincent-Hoo/Knowledge-Distillation-for-Super-resolution, {@code spatial_similarity}). For a feature
 * map F (B×C×H×W) flattened to B×C×N (N = H·W), each position's C-vector is L2-normalised,
 * {@code F̂ = F / (‖F‖₂,C + eps)}, and the spatial affinity is {@code A = F̂ᵀ F̂} (B×N×N). The loss
 * over matched taps (s_i, t_i) is
 * <pre>
 *   L_FA = Σ_i d(A(student_feats[s_i]), A(teacher_feats[t_i]))
 * </pre>
 * with {@code d} the mean absolute ({@code criterion = L1}, the official code's
 * {@code nn.L1Loss}) or mean squared ({@code L2}) difference over B·N·N. Student and teacher may have
 * different channel counts (A is N×N either way) but each pair must have the same spatial size.
 *
 * <p>Config: {@code fakd_opt { type = FAKDLoss, loss_weight = 1.0, criterion = L1, student_taps = [...],
 * teacher_taps = [...] }}; without tap lists, every student tap is matched to the teacher tap at the
 * same relative depth (student tap i of n_s ↔ teacher tap ⌈(i+1)·n_t/n_s⌉−1, the last to the last).
 * Reads {@code student_feats} (with gradient) and {@code teacher_feats}.
 */
public final class FAKDLoss extends TermFactory {

    /** Registry key. */
    public static final String TYPE = "FAKDLoss";

    public FAKDLoss() {
        super(TYPE, TYPE + ": sum over matched taps of mean |A_s - A_t| (L1) or (A_s - A_t)^2 (L2), A = spatial affinity");
    }

    @Override
    protected WeightedTerm build(TermConfig c) {
        boolean l2 = c.oneOf("criterion", List.of("L1", "L2")).equals("L2");
        double eps = c.getDouble("eps");
        if (!(eps > 0)) {
            throw c.bad("eps", "must be > 0, got " + eps);
        }
        int[] st = c.userSet("student_taps") ? indices(c, "student_taps") : null;
        int[] tt = c.userSet("teacher_taps") ? indices(c, "teacher_taps") : null;
        if ((st == null) != (tt == null)) {
            throw c.bad(st == null ? "teacher_taps" : "student_taps", "give both student_taps and teacher_taps, or neither");
        }
        if (st != null && st.length != tt.length) {
            throw c.bad("teacher_taps", "student_taps has " + st.length + " entries, teacher_taps " + tt.length + "; they are matched pairwise");
        }
        return new FeatureAffinityTerm(c.termName(TYPE), c.getDouble("loss_weight"), l2, eps, st, tt);
    }

    private static int[] indices(TermConfig c, String key) {
        double[] d = c.getDoubles(key);
        int[] out = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            if (d[i] < 0 || d[i] != Math.rint(d[i])) {
                throw c.bad(key, "tap indices are integers >= 0, got " + d[i]);
            }
            out[i] = (int) d[i];
        }
        if (out.length == 0) {
            throw c.bad(key, "needs at least one tap index");
        }
        return out;
    }

    /** Teacher tap matched to student tap {@code i} of {@code ns} when the teacher has {@code nt}: same relative depth. */
    public static int matchedTeacherTap(int i, int ns, int nt) {
        return (int) Math.ceil((i + 1) * (double) nt / ns) - 1;
    }

    /**
     * The spatial affinity of {@code fm} (B×C×H×W): B×N×N with N = H·W,
     * {@code F̂ᵀF̂} of the channel-L2-normalised features (official {@code spatial_similarity}).
     */
    public static NDArray spatialAffinity(NDArray fm, double eps) {
        long[] s = fm.getShape().getShape();
        if (s.length != 4) {
            throw new IllegalArgumentException("feature taps must be B×C×H×W, got " + fm.getShape());
        }
        NDArray f = fm.reshape(s[0], s[1], s[2] * s[3]);
        NDArray norm = Scalars.add(f.square().sum(new int[] {1}, true).sqrt(), eps);
        NDArray n = f.div(norm);
        return n.transpose(0, 2, 1).batchMatMul(n);
    }

    /** {@code Σ_i d(A(student[i]), A(teacher[i]))} over equally long, pairwise matched lists. */
    public static NDArray loss(NDList student, NDList teacher, boolean l2, double eps) {
        if (student.size() != teacher.size() || student.isEmpty()) {
            throw new IllegalArgumentException("FAKD needs matched, non-empty tap lists, got " + student.size() + " and " + teacher.size());
        }
        return Scratch.compute(student.get(0).getManager(), () -> {
            NDArray total = null;
            for (int i = 0; i < student.size(); i++) {
                NDArray a = student.get(i);
                NDArray b = teacher.get(i);
                if (a.getShape().get(0) != b.getShape().get(0) || a.getShape().get(2) != b.getShape().get(2)
                        || a.getShape().get(3) != b.getShape().get(3)) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT,
                            "FAKD tap pair %d: student %s and teacher %s differ in batch or spatial size", i, a.getShape(), b.getShape()));
                }
                NDArray diff = spatialAffinity(a, eps).sub(spatialAffinity(b, eps));
                NDArray d = l2 ? diff.square().mean() : diff.abs().mean();
                total = total == null ? d : total.add(d);
            }
            return total;
        });
    }
}
