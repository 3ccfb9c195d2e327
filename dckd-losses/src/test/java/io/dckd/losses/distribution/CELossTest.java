package io.dckd.losses.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
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
import io.dckd.losses.Reduction;
import io.dckd.losses.SeededManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CELossTest {

    private static final int N = 6;
    private static final int K = 10;

    @RegisterExtension
    static final SeededManager ND = new SeededManager(5);

    private NDManager manager;
    private NDArray s;
    private NDArray t;

    @BeforeEach
    void open(NDManager m) {
        manager = m;
        s = manager.randomNormal(new Shape(N, K)).mul(3).softmax(1);
        t = manager.randomNormal(new Shape(N, K)).mul(3).softmax(1);
    }

    /** mean_n −Σ_k t log q(s), q = softmax(s) (official) or q = s (paper). */
    private double reference(boolean official) {
        float[] sv = s.toFloatArray();
        float[] tv = t.toFloatArray();
        double total = 0;
        for (int n = 0; n < N; n++) {
            double lse = 0;
            for (int k = 0; k < K; k++) {
                lse += Math.exp(sv[n * K + k]);
            }
            lse = Math.log(lse);
            for (int k = 0; k < K; k++) {
                double logq = official ? sv[n * K + k] - lse : Math.log(sv[n * K + k]);
                total -= tv[n * K + k] * logq;
            }
        }
        return total / N;
    }

    @Test
    void officialIsDoubleSoftmaxAndPaperIsEquation9() {
        double official = CELoss.official(s, t, Reduction.MEAN).getFloat();
        assertEquals(reference(true), official, 1e-6 * Math.abs(official));
        double paper = CELoss.paper(s, t, 1e-12, Reduction.MEAN).getFloat();
        assertEquals(reference(false), paper, 1e-5 * Math.abs(paper));
        assertTrue(Math.abs(official - paper) > 0.1, "the two modes must differ on peaked distributions");
        double sum = CELoss.official(s, t, Reduction.SUM).getFloat();
        assertEquals(N * official, sum, 1e-5 * sum);
    }

    @Test
    void paperClampsZeroProbabilities() {
        NDArray hard = manager.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));
        NDArray target = manager.create(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, new Shape(2, 2));
        double v = CELoss.paper(hard, target, 1e-12, Reduction.MEAN).getFloat();
        assertEquals(-0.5 * Math.log(1e-12), v, 1e-3);
    }

    @Test
    void termReadsDistributionsAndChecksOptions() {
        CELoss f = new CELoss();
        WeightedTerm official = f.create(spec(""));
        assertEquals("l_ce", official.name());
        assertEquals(0.001, official.weight());
        assertEquals("CE", official.formula());
        StepContext ctx = new StepContext(manager, 1)
                .set(StepInput.ENCODED_STUDENT, new Encoded(new NDList(), s))
                .set(StepInput.ENCODED_TEACHER, new Encoded(new NDList(), t));
        assertEquals(reference(true), official.compute(ctx).getFloat(), 1e-5);
        WeightedTerm paper = f.create(spec("mode = paper"));
        assertEquals("CE(paper)", paper.formula());
        assertEquals(reference(false), paper.compute(ctx).getFloat(), 1e-5);
        assertThrows(ConfigException.class, () -> f.create(spec("mode = both")));

        StepContext noDist = new StepContext(manager, 1)
                .set(StepInput.ENCODED_STUDENT, new Encoded(new NDList(), null))
                .set(StepInput.ENCODED_TEACHER, new Encoded(new NDList(), t));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> official.compute(noDist));
        assertTrue(e.getMessage().contains("encode(images, true)"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> CELoss.official(s, manager.zeros(new Shape(N, K + 1)), Reduction.MEAN));
    }

    private static ComponentSpec spec(String body) {
        return new ComponentSpec("CELoss", ConfigFactory.parseString("type = CELoss\nreduction = mean\n" + body), "train.ce_opt");
    }
}
