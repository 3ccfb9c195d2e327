package io.dckd.losses;

import io.dckd.core.train.Objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dckd.core.spi.DistributionMapper.Encoded;
import io.dckd.core.spi.StepContext;
import io.dckd.core.spi.StepInput;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gradient of every term reaches the student output, equals the analytic gradient, and nothing
 * else (gt, teacher, negatives) gets one.
 */
class GradientTest {

    private static final Shape IMG = new Shape(2, 3, 6, 6);

    @RegisterExtension
    static final SeededManager ND = new SeededManager(13);

    private NDManager manager;
    private NDArray student;
    private NDArray gt;
    private NDArray teacher;

    @BeforeEach
    void open(NDManager m) {
        manager = m;
        student = manager.randomUniform(0, 1, IMG);
        gt = manager.randomUniform(0, 1, IMG);
        teacher = manager.randomUniform(0, 1, IMG);
        student.setRequiresGradient(true);
    }

    private float[] gradientOf(Config train, StepContext ctx, Map<String, Double> logged) {
        return gradientOf(train, () -> ctx, logged);
    }

    /** {@code ctx} is made inside the gradient recording (what the step computes from the student, with gradient). */
    private float[] gradientOf(Config train, java.util.function.Supplier<StepContext> ctx, Map<String, Double> logged) {
        Objective objective = Objective.from(train, LossTerms.registry(LossTerms.builtIn()));
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray total = objective.total(ctx.get(), logged);
            gc.backward(total);
        }
        NDArray g = student.getGradient();
        float[] out = g.toFloatArray();
        g.close();
        return out;
    }

    @Test
    void pixelTermsGiveTheAnalyticGradient() {
        Config train = ConfigFactory.parseString("""
                pixel_opt { type = L1Loss, loss_weight = 1.0 }
                logits_opt { type = MSELoss, loss_weight = 0.5 }
                """);
        StepContext ctx = new StepContext(manager, 1).set(StepInput.STUDENT, student).set(StepInput.GT, gt)
                .set(StepInput.TEACHER, teacher);
        Map<String, Double> logged = new HashMap<>();
        float[] g = gradientOf(train, ctx, logged);
        float[] s = student.toFloatArray();
        float[] y = gt.toFloatArray();
        float[] t = teacher.toFloatArray();
        float[] expected = new float[s.length];
        double l1 = 0;
        for (int i = 0; i < s.length; i++) {
            expected[i] = (float) (Math.signum(s[i] - y[i]) / s.length + 0.5 * 2 * (s[i] - t[i]) / s.length);
            l1 += Math.abs(s[i] - y[i]);
        }
        assertArrayEquals(expected, g, 1e-7f);
        assertTrue(Math.abs(logged.get("l_pix") - l1 / s.length) < 1e-6, "logged " + logged);
        assertFalse(gt.hasGradient());
        assertFalse(teacher.hasGradient());
    }

    @Test
    void contrastiveGradientFlowsThroughTheAnchorOnly() {
        // one "encoder level" that is the image itself (w = 1), so the analytic gradient is simple
        int k = 3;
        NDList negs = new NDList();
        for (int j = 0; j < k; j++) {
            negs.add(manager.randomUniform(0, 1, IMG));
        }
        NDArray negatives = NDArrays.concat(negs, 0);
        java.util.function.Supplier<StepContext> ctx = () -> new StepContext(manager, 1)
                .set(StepInput.ENCODED_STUDENT, new Encoded(new NDList(student.mul(1f)), null))
                .set(StepInput.ENCODED_TEACHER, new Encoded(new NDList(teacher), null))
                .set(StepInput.ENCODED_NEGATIVES, new Encoded(new NDList(negatives), null));
        Config train = ConfigFactory.parseString("cl_opt { type = ContrasLoss, level_weights = [1.0], eps = 0 }");
        float[] g = gradientOf(train, ctx, null);

        float[] a = student.toFloatArray();
        float[] p = teacher.toFloatArray();
        float[] n = negatives.toFloatArray();
        int len = a.length;
        double dap = 0;
        double dan = 0;
        for (int i = 0; i < len; i++) {
            dap += Math.abs(a[i] - p[i]);
            for (int j = 0; j < k; j++) {
                dan += Math.abs(a[i] - n[j * len + i]);
            }
        }
        dap /= len;
        dan /= len;
        float[] expected = new float[len];
        for (int i = 0; i < len; i++) {
            double gap = Math.signum(a[i] - p[i]) / len;
            double gan = 0;
            for (int j = 0; j < k; j++) {
                gan += Math.signum(a[i] - n[j * len + i]) / len;
            }
            // loss_weight 0.1 * d(dap/dan)
            expected[i] = (float) (0.1 * (gap * dan - dap * gan) / (dan * dan));
        }
        float scale = 0;
        for (float e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        assertArrayEquals(expected, g, 1e-5f * scale);
        assertFalse(teacher.hasGradient());
        assertFalse(negatives.hasGradient());
    }

    @Test
    void crossEntropyGradientIsSoftmaxMinusTarget() {
        checkCrossEntropyGradient(1.0);
    }

    @Test
    void crossEntropyGradientWithTemperatureIsScaledByOneOverTau() {
        checkCrossEntropyGradient(0.5);
    }

    /** d/dl_S of mean_n −Σ_k softmax(l_T/τ) log_softmax(l_S/τ) = (softmax(l_S/τ)·Σ_k t_τ − t_τ) / (N·τ). */
    private void checkCrossEntropyGradient(double tau) {
        // the student output itself stands for the student's code logits (N = 2*3*6 rows of 6 codes); paper mode
        NDArray target = manager.randomUniform(0, 1, new Shape(36, 6)).softmax(1);
        java.util.function.Supplier<StepContext> ctx = () -> new StepContext(manager, 1)
                .set(StepInput.ENCODED_STUDENT, new Encoded(new NDList(), student.reshape(36, 6)))
                .set(StepInput.ENCODED_TEACHER, new Encoded(new NDList(), target.log()));
        Config train = ConfigFactory.parseString("ce_opt { type = CELoss, loss_weight = 1.0, mode = paper, tau = " + tau + " }");
        float[] g = gradientOf(train, ctx, null);
        float[] s = student.toFloatArray();
        float[] t = target.toFloatArray();
        float[] expected = new float[s.length];
        for (int row = 0; row < 36; row++) {
            double zs = 0;
            double zt = 0;
            for (int c = 0; c < 6; c++) {
                zs += Math.exp(s[row * 6 + c] / tau);
                zt += Math.pow(t[row * 6 + c], 1 / tau);
            }
            for (int c = 0; c < 6; c++) {
                int i = row * 6 + c;
                double targetTau = Math.pow(t[i], 1 / tau) / zt; // softmax(log t / τ)
                expected[i] = (float) ((Math.exp(s[i] / tau) / zs - targetTau) / (36 * tau));
            }
        }
        assertArrayEquals(expected, g, 1e-7f);
        assertFalse(target.hasGradient());
    }

    @Test
    void labelConsistencyTermGradientIgnoresTheTeacherBranch() {
        NDArray teacherLcr = manager.randomUniform(0, 1, IMG);
        StepContext ctx = new StepContext(manager, 1).set(StepInput.STUDENT, student)
                .set(StepInput.TEACHER_LCR, teacherLcr);
        float[] g = gradientOf(ConfigFactory.parseString("lcr_opt { type = L1Loss }"), ctx, null);
        float[] s = student.toFloatArray();
        float[] t = teacherLcr.toFloatArray();
        float[] expected = new float[s.length];
        for (int i = 0; i < s.length; i++) {
            expected[i] = (float) (Math.signum(s[i] - t[i]) / s.length);
        }
        assertArrayEquals(expected, g, 1e-7f);
        assertFalse(teacherLcr.hasGradient());
    }
}
