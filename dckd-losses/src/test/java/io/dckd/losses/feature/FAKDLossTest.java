package io.dckd.losses.feature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.StepContext;
import io.dckd.core.spi.StepInput;
import io.dckd.core.spi.WeightedTerm;
import java.util.List;
import org.junit.jupiter.api.Test;

/** FAKD's spatial affinity and loss against values computed by hand (plain Java loops). */
class FAKDLossTest {

    /** A(b, i, j) = <f_i, f_j> / ((|f_i| + eps)(|f_j| + eps)), f_i the C-vector at position i. */
    private static double[] affinity(float[] f, int b, int c, int n, double eps) {
        double[] a = new double[b * n * n];
        for (int s = 0; s < b; s++) {
            double[] norm = new double[n];
            for (int i = 0; i < n; i++) {
                double q = 0;
                for (int k = 0; k < c; k++) {
                    q += f[(s * c + k) * n + i] * f[(s * c + k) * n + i];
                }
                norm[i] = Math.sqrt(q) + eps;
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double d = 0;
                    for (int k = 0; k < c; k++) {
                        d += f[(s * c + k) * n + i] * f[(s * c + k) * n + j];
                    }
                    a[(s * n + i) * n + j] = d / (norm[i] * norm[j]);
                }
            }
        }
        return a;
    }

    @Test
    void lossIsTheMeanAffinityDifferenceSummedOverTaps() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(3);
            NDArray s1 = m.randomNormal(new Shape(2, 3, 2, 3));
            NDArray t1 = m.randomNormal(new Shape(2, 5, 2, 3));
            NDArray s2 = m.randomNormal(new Shape(2, 4, 3, 3));
            NDArray t2 = m.randomNormal(new Shape(2, 2, 3, 3));
            double want1 = 0, want2 = 0, wantSq = 0;
            double[] as = affinity(s1.toFloatArray(), 2, 3, 6, 1e-8);
            double[] at = affinity(t1.toFloatArray(), 2, 5, 6, 1e-8);
            for (int i = 0; i < as.length; i++) {
                want1 += Math.abs(as[i] - at[i]) / as.length;
                wantSq += (as[i] - at[i]) * (as[i] - at[i]) / as.length;
            }
            double[] bs = affinity(s2.toFloatArray(), 2, 4, 9, 1e-8);
            double[] bt = affinity(t2.toFloatArray(), 2, 2, 9, 1e-8);
            for (int i = 0; i < bs.length; i++) {
                want2 += Math.abs(bs[i] - bt[i]) / bs.length;
            }
            double got = FAKDLoss.loss(new NDList(s1, s2), new NDList(t1, t2), false, 1e-8).getFloat();
            assertEquals(want1 + want2, got, 1e-5);
            double gotSq = FAKDLoss.loss(new NDList(s1), new NDList(t1), true, 1e-8).getFloat();
            assertEquals(wantSq, gotSq, 1e-5);
            // an affinity's diagonal is 1 (each position with itself)
            float[] a = FAKDLoss.spatialAffinity(s1, 1e-8).toFloatArray();
            assertEquals(1.0, a[0], 1e-5);
            assertEquals(1.0, a[7], 1e-5);
        }
    }

    @Test
    void defaultMatchingPairsTapsAtTheSameRelativeDepthAndReadsTheContext() {
        assertEquals(1, FAKDLoss.matchedTeacherTap(0, 2, 4));
        assertEquals(3, FAKDLoss.matchedTeacherTap(1, 2, 4));
        assertEquals(0, FAKDLoss.matchedTeacherTap(0, 3, 3));
        assertEquals(9, FAKDLoss.matchedTeacherTap(9, 10, 10));
        WeightedTerm term = new FAKDLoss().create(new ComponentSpec("FAKDLoss",
                ConfigFactory.parseString("type = FAKDLoss, loss_weight = 10"), "train.fakd_opt"));
        assertEquals("l_fakd", term.name());
        assertEquals(10.0, term.weight());
        assertEquals(List.of(StepInput.STUDENT_FEATS, StepInput.TEACHER_FEATS), term.inputs());
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(4);
            NDArray s0 = m.randomNormal(new Shape(1, 2, 2, 2));
            NDArray s1 = m.randomNormal(new Shape(1, 2, 2, 2));
            NDList t = new NDList();
            for (int i = 0; i < 4; i++) {
                t.add(m.randomNormal(new Shape(1, 3, 2, 2)));
            }
            StepContext ctx = new StepContext(m.newSubManager(), 1).set(StepInput.STUDENT_FEATS, new NDList(s0, s1))
                    .set(StepInput.TEACHER_FEATS, t);
            float got = term.compute(ctx).getFloat();
            float want = FAKDLoss.loss(new NDList(s0, s1), new NDList(t.get(1), t.get(3)), false, 1e-8).getFloat();
            assertArrayEquals(new float[] {want}, new float[] {got}, 1e-6f);
        }
    }

    @Test
    void badOptionsNameTheKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> new FAKDLoss().create(new ComponentSpec("FAKDLoss",
                ConfigFactory.parseString("type = FAKDLoss, student_taps = [0, 1], teacher_taps = [2]"), "train.fakd_opt")));
        assertEquals(true, e.getMessage().contains("teacher_taps"), e.getMessage());
        ConfigException f = assertThrows(ConfigException.class, () -> new FAKDLoss().create(new ComponentSpec("FAKDLoss",
                ConfigFactory.parseString("type = FAKDLoss, criterion = L3"), "train.fakd_opt")));
        assertEquals(true, f.getMessage().contains("criterion"), f.getMessage());
    }
}
