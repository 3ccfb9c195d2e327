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
    private NDArray sLogits;
    private NDArray tLogits;

    @BeforeEach
    void open(NDManager m) {
        manager = m;
        sLogits = manager.randomNormal(new Shape(N, K)).mul(3);
        tLogits = manager.randomNormal(new Shape(N, K)).mul(3);
    }

    private static double[] logSoftmax(float[] v, int row, double scale) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < K; k++) {
            max = Math.max(max, v[row * K + k] * scale);
        }
        double z = 0;
        for (int k = 0; k < K; k++) {
            z += Math.exp(v[row * K + k] * scale - max);
        }
        double[] out = new double[K];
        for (int k = 0; k < K; k++) {
            out[k] = v[row * K + k] * scale - max - Math.log(z);
        }
        return out;
    }

    /** Paper: mean_n −Σ_k softmax(l_T/τ) log_softmax(l_S/τ), in double precision. */
    private double paperReference(double tau) {
        float[] sv = sLogits.toFloatArray();
        float[] tv = tLogits.toFloatArray();
        double total = 0;
        for (int n = 0; n < N; n++) {
            double[] logS = logSoftmax(sv, n, 1 / tau);
            double[] logT = logSoftmax(tv, n, 1 / tau);
            for (int k = 0; k < K; k++) {
                total -= Math.exp(logT[k]) * logS[k];
            }
        }
        return total / N;
    }

    /** Official: mean_n −Σ_k C_T log_softmax(C_S) with C = softmax(l): the probabilities taken as logits again. */
    private double officialReference() {
        float[] sv = sLogits.toFloatArray();
        float[] tv = tLogits.toFloatArray();
        double total = 0;
        for (int n = 0; n < N; n++) {
            double[] logS = logSoftmax(sv, n, 1);
            double[] logT = logSoftmax(tv, n, 1);
            float[] cs = new float[K];
            for (int k = 0; k < K; k++) {
                cs[k] = (float) Math.exp(logS[k]);
            }
            double[] logOfProbs = logSoftmax(cs, 0, 1);
            for (int k = 0; k < K; k++) {
                total -= Math.exp(logT[k]) * logOfProbs[k];
            }
        }
        return total / N;
    }

    @Test
    void paperIsEquation9WithTemperatureAndOfficialIsDoubleSoftmax() {
        for (double tau : new double[] {1.0, 0.25, 4.0}) {
            double paper = CELoss.paper(sLogits, tLogits, tau, Reduction.MEAN).getFloat();
            assertEquals(paperReference(tau), paper, 1e-5 * Math.abs(paper), "tau " + tau);
        }
        double official = CELoss.official(sLogits.softmax(1), tLogits.softmax(1), Reduction.MEAN).getFloat();
        assertEquals(officialReference(), official, 1e-6 * Math.abs(official));
        assertTrue(Math.abs(official - CELoss.paper(sLogits, tLogits, 1.0, Reduction.MEAN).getFloat()) > 0.1,
                "the two modes must differ on peaked distributions");
        double sum = CELoss.paper(sLogits, tLogits, 1.0, Reduction.SUM).getFloat();
        assertEquals(N * CELoss.paper(sLogits, tLogits, 1.0, Reduction.MEAN).getFloat(), sum, 1e-5 * sum);
    }

    @Test
    void paperStaysFiniteWhereProbabilitiesUnderflow() {
        // a code 1e4 farther than the nearest has probability 0 in float32; its log-probability is still finite
        NDArray far = manager.create(new float[] {0, -1e4f, 0, -1e4f}, new Shape(2, 2));
        NDArray target = manager.create(new float[] {0, 0, 0, 0}, new Shape(2, 2));
        double v = CELoss.paper(far, target, 1.0, Reduction.MEAN).getFloat();
        assertEquals(0.5 * 1e4, v, 1e-2);
    }

    @Test
    void termReadsCodeLogitsAndChecksOptions() {
        CELoss f = new CELoss();
        WeightedTerm paper = f.create(spec(""));
        assertEquals("l_ce", paper.name());
        assertEquals(0.001, paper.weight());
        assertEquals("CE", paper.formula());
        StepContext ctx = new StepContext(manager, 1)
                .set(StepInput.ENCODED_STUDENT, new Encoded(new NDList(), sLogits))
                .set(StepInput.ENCODED_TEACHER, new Encoded(new NDList(), tLogits));
        assertEquals(paperReference(1.0), paper.compute(ctx).getFloat(), 1e-5);
        WeightedTerm tempered = f.create(spec("tau = 0.25"));
        assertEquals("CE(tau=0.25)", tempered.formula());
        assertEquals(paperReference(0.25), tempered.compute(ctx).getFloat(), 1e-4);
        WeightedTerm official = f.create(spec("mode = official"));
        assertEquals("CE(official)", official.formula());
        assertEquals(officialReference(), official.compute(ctx).getFloat(), 1e-5);
        assertThrows(ConfigException.class, () -> f.create(spec("mode = both")));
        assertThrows(ConfigException.class, () -> f.create(spec("tau = 0")));
        assertThrows(ConfigException.class, () -> f.create(spec("eps = 1e-12")), "the old paper-mode clamp is gone: a typo-like key");

        StepContext noDist = new StepContext(manager, 1)
                .set(StepInput.ENCODED_STUDENT, new Encoded(new NDList(), null))
                .set(StepInput.ENCODED_TEACHER, new Encoded(new NDList(), tLogits));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> paper.compute(noDist));
        assertTrue(e.getMessage().contains("encode(images, true)"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> CELoss.paper(sLogits, manager.zeros(new Shape(N, K + 1)), 1.0, Reduction.MEAN));
    }

    private static ComponentSpec spec(String body) {
        return new ComponentSpec("CELoss", ConfigFactory.parseString("type = CELoss\nreduction = mean\n" + body), "train.ce_opt");
    }
}
