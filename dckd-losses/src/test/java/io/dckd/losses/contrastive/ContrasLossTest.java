package io.dckd.losses.contrastive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.DistributionMapper.Encoded;
import io.dckd.core.spi.StepContext;
import io.dckd.core.spi.StepInput;
import io.dckd.core.spi.WeightedTerm;
import java.util.ArrayList;
import java.util.List;
import io.dckd.losses.SeededManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ContrasLossTest {

    private static final long[][] LEVEL_SHAPES = {{2, 4, 8, 8}, {2, 4, 4, 4}, {2, 8, 2, 2}};
    private static final double[] W = {0.25, 0.5, 1.0};
    private static final int K = 5;

    @RegisterExtension
    static final SeededManager ND = new SeededManager(21);

    private NDManager manager;
    private NDList anchor;
    private NDList positive;
    private List<NDList> negatives;

    @BeforeEach
    void open(NDManager m) {
        manager = m;
        anchor = levels();
        positive = levels();
        negatives = new ArrayList<>();
        for (int j = 0; j < K; j++) {
            negatives.add(levels());
        }
    }

    private NDList levels() {
        NDList out = new NDList();
        for (long[] s : LEVEL_SHAPES) {
            out.add(manager.randomNormal(new Shape(s)));
        }
        return out;
    }

    private NDList concatenated() {
        NDList out = new NDList();
        for (int l = 0; l < LEVEL_SHAPES.length; l++) {
            NDList per = new NDList();
            for (NDList n : negatives) {
                per.add(n.get(l));
            }
            out.add(NDArrays.concat(per, 0));
        }
        return out;
    }

    /** The official loop: per level, mean|a−p| / (mean_{elements} Σ_j |a−n_j| + eps), in double. */
    private double reference(boolean squared) {
        double loss = 0;
        for (int l = 0; l < LEVEL_SHAPES.length; l++) {
            float[] a = anchor.get(l).toFloatArray();
            float[] p = positive.get(l).toFloatArray();
            double ap = 0;
            double an = 0;
            for (int i = 0; i < a.length; i++) {
                ap += d((double) a[i] - p[i], squared);
            }
            for (NDList n : negatives) {
                float[] v = n.get(l).toFloatArray();
                for (int i = 0; i < a.length; i++) {
                    an += d((double) a[i] - v[i], squared);
                }
            }
            loss += W[l] * (ap / a.length) / (an / a.length + 1e-7);
        }
        return loss;
    }

    private static double d(double x, boolean squared) {
        return squared ? x * x : Math.abs(x);
    }

    @Test
    void batchedNegativesEqualTheOfficialPerNegativeSum() {
        double l1 = ContrasLoss.contrastive(anchor, positive, concatenated(), W, 1e-7, Distance.L1).getFloat();
        double ref = reference(false);
        assertTrue(Math.abs(l1 - ref) / ref < 1e-6, l1 + " vs " + ref);
        double l2 = ContrasLoss.contrastive(anchor, positive, concatenated(), W, 1e-7, Distance.L2).getFloat();
        double ref2 = reference(true);
        assertTrue(Math.abs(l2 - ref2) / ref2 < 1e-6, l2 + " vs " + ref2);
    }

    @Test
    void anchorEqualToPositiveGivesZero() {
        assertEquals(0.0, ContrasLoss.contrastive(anchor, anchor, concatenated(), W, 1e-7, Distance.L1).getFloat(), 0.0);
    }

    @Test
    void mismatchedLevelsAreErrors() {
        NDList negs = concatenated();
        assertThrows(IllegalArgumentException.class,
                () -> ContrasLoss.contrastive(anchor, positive, negs, new double[] {1, 1}, 1e-7, Distance.L1));
        NDList badNegs = new NDList(negs.get(0), negs.get(1), manager.zeros(new Shape(3, 8, 2, 2)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ContrasLoss.contrastive(anchor, positive, badNegs, W, 1e-7, Distance.L1));
        assertTrue(e.getMessage().contains("level 3"), e.getMessage());
    }

    @Test
    void optionsAreCheckedAndOfficialNameAccepted() {
        ContrasLoss f = new ContrasLoss();
        ContrastiveTerm official = (ContrastiveTerm) f.create(spec("d_func = L1\nloss_weight = 0.1\nweights = [0.5, 1.0]"));
        assertEquals(2, official.levelWeights().length);
        ContrastiveTerm defaults = (ContrastiveTerm) f.create(spec(""));
        assertNull(defaults.levelWeights(), "no level_weights: the encoder's are used");
        assertEquals(1.0 / 32, ((ContrastiveTerm) f.create(spec("level_weights = [0.03125, 1]"))).levelWeights()[0]);
        assertEquals(0.1, defaults.weight());
        assertEquals("l_cl", defaults.name());
        assertEquals("ContrasLoss", defaults.formula());
        assertEquals(Distance.L2, ((ContrastiveTerm) f.create(spec("d_func = L2"))).distance());
        assertThrows(ConfigException.class, () -> f.create(spec("d_func = cosine")));
        assertThrows(ConfigException.class, () -> f.create(spec("weights = [1]\nlevel_weights = [1]")));
        assertThrows(ConfigException.class, () -> f.create(spec("level_weights = []")));
        ConfigException unknown = assertThrows(ConfigException.class, () -> f.create(spec("level_weight = [1]")));
        assertTrue(unknown.getMessage().contains("'level_weights'"), unknown.getMessage());
    }

    private static ComponentSpec spec(String body) {
        return new ComponentSpec("ContrasLoss", ConfigFactory.parseString("type = ContrasLoss\n" + body), "train.cl_opt");
    }

    /** Without level_weights the term weighs the levels as the encoder says; its own list wins over the encoder's. */
    @Test
    void levelWeightsComeFromTheEncoderUnlessSet() {
        NDList negs = concatenated();
        double expected = ContrasLoss.contrastive(anchor, positive, negs, W, 1e-7, Distance.L1).getFloat();
        double[] encoders = {1, 1, 1};
        java.util.function.ToDoubleFunction<String> run = body -> {
            StepContext ctx = new StepContext(manager, 1)
                    .set(StepInput.ENCODED_STUDENT, new Encoded(anchor, null, W))
                    .set(StepInput.ENCODED_TEACHER, new Encoded(positive, null, W))
                    .set(StepInput.ENCODED_NEGATIVES, new Encoded(negs, null, W));
            return new ContrasLoss().create(spec(body)).compute(ctx).getFloat();
        };
        assertEquals(expected, run.applyAsDouble(""), 1e-6 * expected);
        double own = ContrasLoss.contrastive(anchor, positive, negs, encoders, 1e-7, Distance.L1).getFloat();
        assertEquals(own, run.applyAsDouble("level_weights = [1, 1, 1]"), 1e-6 * own);
        StepContext none = new StepContext(manager, 1)
                .set(StepInput.ENCODED_STUDENT, new Encoded(anchor, null))
                .set(StepInput.ENCODED_TEACHER, new Encoded(positive, null))
                .set(StepInput.ENCODED_NEGATIVES, new Encoded(negs, null));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new ContrasLoss().create(spec("")).compute(none));
        assertTrue(e.getMessage().contains("level_weights"), e.getMessage());
    }

    @Test
    void termNeedsEncodedInputs() {
        WeightedTerm t = new ContrasLoss().create(spec(""));
        assertEquals(List.of(StepInput.ENCODED_STUDENT, StepInput.ENCODED_TEACHER, StepInput.ENCODED_NEGATIVES), t.inputs());
    }
}
