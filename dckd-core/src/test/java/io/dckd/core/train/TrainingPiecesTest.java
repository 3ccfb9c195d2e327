package io.dckd.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import io.dckd.core.nn.TorchAdam;

class TrainingPiecesTest {

    @Test
    void multiStepLrChangesAfterEachMilestone() {
        MultiStepLR s = new MultiStepLR(1e-3, new long[] {10, 20}, 0.5);
        assertEquals(1e-3, s.lr(10), 0);
        assertEquals(5e-4, s.lr(11), 0);
        assertEquals(2.5e-4, s.lr(21), 0);
    }

    @Test
    void adamMatchesTorchFormulaForTwoSteps() {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter p = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
            p.setArray(m.create(new float[] {1f, -2f}));
            p.getArray().setRequiresGradient(true);
            Map<String, Parameter> params = new LinkedHashMap<>();
            params.put("w", p);
            TorchAdam adam = new TorchAdam(params, m, 0.9, 0.99, 1e-8, 0, false);
            float[] g1 = {0.5f, -1f};
            float[] g2 = {0.25f, 2f};
            double[] w = {1, -2};
            double[] mm = new double[2];
            double[] vv = new double[2];
            for (int t = 1; t <= 2; t++) {
                float[] g = t == 1 ? g1 : g2;
                try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                    NDArray loss = p.getArray().mul(m.create(g)).sum();
                    gc.backward(loss);
                }
                adam.step(0.1);
                for (int i = 0; i < 2; i++) {
                    mm[i] = 0.9 * mm[i] + 0.1 * g[i];
                    vv[i] = 0.99 * vv[i] + 0.01 * g[i] * g[i];
                    double mh = mm[i] / (1 - Math.pow(0.9, t));
                    double vh = vv[i] / (1 - Math.pow(0.99, t));
                    w[i] -= 0.1 * mh / (Math.sqrt(vh) + 1e-8);
                }
                try (NDArray grad = p.getArray().getGradient()) {
                    grad.set(new ai.djl.ndarray.index.NDIndex("..."), 0f);
                }
            }
            float[] got = p.getArray().toFloatArray();
            assertArrayEquals(new float[] {(float) w[0], (float) w[1]}, got, 1e-5f);
        }
    }
}
