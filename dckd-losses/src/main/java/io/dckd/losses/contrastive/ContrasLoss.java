package io.dckd.losses.contrastive;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import io.dckd.core.nn.Scalars;
import io.dckd.core.spi.WeightedTerm;
import io.dckd.core.nn.Scratch;
import io.dckd.losses.internal.TermConfig;
import io.dckd.losses.internal.TermFactory;
import java.util.Arrays;
import java.util.List;

/**
 * DCKD's dynamic contrastive loss, official {@code ContrasLoss} with {@code d_func: L1}
 * ({@code basicsr/losses/basic_loss.py}; METHOD.md §1.1; paper Eq. 5):
 * <pre>
 *   d_ap[l] = mean |a_l − p_l|
 *   d_an[l] = Σ_j mean |a_l − n_{j,l}|          (= k · mean over all k negatives at once)
 *   L       = Σ_l w_l · d_ap[l] / (d_an[l] + eps)
 * </pre>
 * with anchor a = encoder levels of the student output, positive p = of the teacher output, and k
 * negatives n_j = of the history model's outputs. Means are over the whole batch (B·C·H·W), so the
 * ratio is taken once per level, not per sample. Defaults: loss_weight 0.1, eps 1e-7, and w the
 * encoder's own level weights ({@code network_vq.level_weights}: officially [1/32, 1/16, 1/8, 1/4, 1]
 * for the five VQGAN levels) unless the term sets {@code level_weights} ({@code dckd.losses.ContrasLoss}).
 *
 * <p>Config: {@code cl_opt { type = ContrasLoss, loss_weight = 0.1, d_func = L1,
 * level_weights = [...] }} ({@code weights} is accepted as the official name of
 * {@code level_weights}). The term reads {@code encoded_student}, {@code encoded_teacher} and
 * {@code encoded_negatives} ({@link io.dckd.core.spi.DistributionMapper.Encoded}); only the anchor
 * carries gradient.
 */
public final class ContrasLoss extends TermFactory {

    /** Registry key. */
    public static final String TYPE = "ContrasLoss";

    public ContrasLoss() {
        super(TYPE, TYPE + ": sum_l w_l * d(a,p) / (sum_j d(a,n_j) + eps) over encoder levels (official DCKD)");
    }

    @Override
    protected WeightedTerm build(TermConfig c) {
        if (c.userSet("weights") && c.userSet("level_weights")) {
            throw c.bad("weights", "give either level_weights or its official name weights, not both");
        }
        String weightsKey = c.userSet("weights") ? "weights" : "level_weights";
        double[] w = c.userSet(weightsKey) ? c.getDoubles(weightsKey) : null;   // null: the encoder's
        if (w == null) {
            // no own weights: ContrastiveTerm takes the encoder's at each step
        } else if (w.length == 0) {
            throw c.bad(weightsKey, "needs one weight per encoder level, got none");
        }
        for (double x : w == null ? new double[0] : w) {
            if (!Double.isFinite(x) || x < 0) {
                throw c.bad(weightsKey, "weights must be finite and non-negative, got " + Arrays.toString(w));
            }
        }
        double eps = c.getDouble("eps");
        if (!(eps >= 0)) {
            throw c.bad("eps", "must be non-negative, got " + eps);
        }
        Distance d = Distance.valueOf(c.oneOf("d_func", List.of("L1", "L2")));
        return new ContrastiveTerm(c.termName(TYPE), c.getDouble("loss_weight"), w, eps, d);
    }

    /**
     * The unweighted contrastive loss over encoder levels.
     *
     * @param anchor level l: B×C_l×H_l×W_l (student; may carry gradient)
     * @param positive level l: same shape as the anchor (teacher)
     * @param negatives level l: (k·B)×C_l×H_l×W_l, the k negatives concatenated along the batch axis
     * @param levelWeights w_l, one per level
     * @param eps added to each level's d_an (1e-7 officially)
     * @param distance element-wise distance, {@link Distance#L1} officially
     * @return a scalar in the anchor's manager
     */
    public static NDArray contrastive(NDList anchor, NDList positive, NDList negatives, double[] levelWeights,
                                      double eps, Distance distance) {
        int levels = anchor.size();
        if (positive.size() != levels || negatives.size() != levels || levelWeights.length != levels) {
            throw new IllegalArgumentException("ContrasLoss: " + anchor.size() + " anchor, " + positive.size()
                    + " positive and " + negatives.size() + " negative levels for " + levelWeights.length
                    + " level_weights: they must agree");
        }
        for (int l = 0; l < levels; l++) {
            checkLevel(l, anchor.get(l), positive.get(l), negatives.get(l));
        }
        return Scratch.compute(anchor.get(0).getManager(), () -> {
            NDArray loss = null;
            for (int l = 0; l < levels; l++) {
                NDArray a = anchor.get(l);
                long batch = a.getShape().get(0);
                long k = negatives.get(l).getShape().get(0) / batch;
                NDArray dAp = distance.elementwise(a, positive.get(l)).mean();
                Shape grouped = new Shape(k).addAll(a.getShape());
                NDArray dAn = Scalars.mul(distance.elementwise(a, negatives.get(l).reshape(grouped)).mean(), k);
                NDArray term = Scalars.mul(dAp.div(Scalars.add(dAn, eps)), levelWeights[l]);
                loss = loss == null ? term : loss.add(term);
            }
            return loss;
        });
    }

    private static void checkLevel(int l, NDArray a, NDArray p, NDArray n) {
        if (!a.getShape().equals(p.getShape())) {
            throw new IllegalArgumentException("ContrasLoss level " + (l + 1) + ": anchor " + a.getShape()
                    + " and positive " + p.getShape() + " differ in shape");
        }
        long batch = a.getShape().get(0);
        Shape tail = a.getShape().slice(1);
        if (batch == 0 || n.getShape().get(0) == 0 || n.getShape().get(0) % batch != 0 || !n.getShape().slice(1).equals(tail)) {
            throw new IllegalArgumentException("ContrasLoss level " + (l + 1) + ": negatives " + n.getShape()
                    + " are not k concatenated batches of the anchor's shape " + a.getShape());
        }
    }
}
