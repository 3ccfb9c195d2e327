package io.dckd.losses.pixel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.LossTerm;
import io.dckd.core.spi.StepContext;
import io.dckd.core.spi.StepInput;
import io.dckd.core.spi.WeightedTerm;
import java.util.List;
import io.dckd.losses.SeededManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PixelLossTest {

    @RegisterExtension
    static final SeededManager ND = new SeededManager(3);

    private NDManager manager;
    private NDArray student;
    private NDArray gt;
    private NDArray teacher;
    private StepContext ctx;

    @BeforeEach
    void open(NDManager m) {
        manager = m;
        student = manager.randomUniform(0, 1, new Shape(2, 3, 8, 8));
        gt = manager.randomUniform(0, 1, new Shape(2, 3, 8, 8));
        teacher = manager.randomUniform(0, 1, new Shape(2, 3, 8, 8));
        ctx = new StepContext(manager, 1).set(StepInput.STUDENT, student).set(StepInput.GT, gt)
                .set(StepInput.TEACHER, teacher).set(StepInput.TEACHER_LCR, teacher);
    }

    private static WeightedTerm build(LossTerm factory, String section, String hocon) {
        return factory.create(new ComponentSpec(factory.type(),
                ConfigFactory.parseString("type = " + factory.type() + "\n" + hocon), "train." + section));
    }

    /** The L1 term of {@code section} with no options, checked for the name and the step inputs the section gives it. */
    private static WeightedTerm assertSection(String section, String name, StepInput... inputs) {
        WeightedTerm t = build(new L1Loss(), section, "");
        assertEquals(name, t.name());
        assertEquals(List.of(inputs), t.inputs());
        return t;
    }

    /** Σ f(p − t) over all elements, in double. */
    private static double reference(NDArray p, NDArray t, java.util.function.DoubleUnaryOperator f, boolean mean) {
        float[] a = p.toFloatArray();
        float[] b = t.toFloatArray();
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += f.applyAsDouble((double) a[i] - b[i]);
        }
        return mean ? s / a.length : s;
    }

    @Test
    void valuesMatchBasicSrMathOverAllElements() {
        double l1 = build(new L1Loss(), "pixel_opt", "").compute(ctx).getFloat();
        assertEquals(reference(student, gt, Math::abs, true), l1, 1e-6);
        double mse = build(new MSELoss(), "pixel_opt", "").compute(ctx).getFloat();
        assertEquals(reference(student, gt, d -> d * d, true), mse, 1e-6);
        double ch = build(new CharbonnierLoss(), "pixel_opt", "").compute(ctx).getFloat();
        assertEquals(reference(student, gt, d -> Math.sqrt(d * d + 1e-12), true), ch, 1e-6);
        double chEps = build(new CharbonnierLoss(), "pixel_opt", "eps = 0.01").compute(ctx).getFloat();
        assertEquals(reference(student, gt, d -> Math.sqrt(d * d + 0.01), true), chEps, 1e-6);
        double l1Sum = build(new L1Loss(), "pixel_opt", "reduction = sum").compute(ctx).getFloat();
        assertEquals(reference(student, gt, Math::abs, false), l1Sum, 1e-6 * l1Sum);
    }

    @Test
    void weightIsNotAppliedTwiceAndKeepsTheDifferenceTerm() {
        // DJL's L1Loss with weight != 1 drops |p - t|; ours returns the unweighted mean, the weight is separate
        WeightedTerm t = build(new L1Loss(), "pixel_opt", "loss_weight = 0.5");
        assertEquals(0.5, t.weight());
        assertEquals(reference(student, gt, Math::abs, true), t.compute(ctx).getFloat(), 1e-6);
    }

    @Test
    void sectionNamesChooseTensorsAndNames() {
        WeightedTerm pix = assertSection("pixel_opt", "l_pix", StepInput.STUDENT, StepInput.GT);
        assertEquals("L1(student,gt)", pix.formula());
        WeightedTerm kd = assertSection("logits_opt", "l_kd", StepInput.STUDENT, StepInput.TEACHER);
        assertEquals(reference(student, teacher, Math::abs, true), kd.compute(ctx).getFloat(), 1e-6);
        assertSection("lcr_opt", "l_lcr", StepInput.STUDENT, StepInput.TEACHER_LCR);
    }

    @Test
    void dukdUpcycledSectionsReadTheZoomTensors() {
        assertSection("zoom_in_opt", "l_zin", StepInput.ZOOM_IN_STUDENT, StepInput.ZOOM_IN_TEACHER);
        assertSection("zoom_out_opt", "l_zout_kd", StepInput.ZOOM_OUT_STUDENT, StepInput.ZOOM_OUT_TEACHER);
        assertSection("zoom_out_pixel_opt", "l_zout_pix", StepInput.ZOOM_OUT_STUDENT, StepInput.LQ);
    }

    @Test
    void predAndTargetOverrideTheSection() {
        WeightedTerm t = build(new MSELoss(), "pixel_opt", "target = teacher, name = l_custom");
        assertEquals(List.of(StepInput.STUDENT, StepInput.TEACHER), t.inputs());
        assertEquals("l_custom", t.name());
        assertEquals("MSE(student,teacher)", t.formula());
        WeightedTerm other = build(new L1Loss(), "aux_opt", "pred = teacher, target = gt");
        assertEquals("l_aux", other.name());
        assertEquals(reference(teacher, gt, Math::abs, true), other.compute(ctx).getFloat(), 1e-6);
        ConfigException noTarget = assertThrows(ConfigException.class, () -> build(new L1Loss(), "aux_opt", ""));
        assertTrue(noTarget.getMessage().contains("target"), noTarget.getMessage());
    }

    @Test
    void labelConsistencyLossReadsTeacherLcrAndLeavesItsProbabilityToTheStep() {
        WeightedTerm t = build(new LabelConsistencyLoss(), "lcr_opt", "");
        assertEquals(List.of(StepInput.STUDENT, StepInput.TEACHER_LCR), t.inputs());
        WeightedTerm anywhere = build(new LabelConsistencyLoss(), "consistency_opt", "");
        assertEquals(List.of(StepInput.STUDENT, StepInput.TEACHER_LCR), anywhere.inputs());
        ConfigException inside = assertThrows(ConfigException.class, () -> build(new L1Loss(), "lcr_opt", "noisy { prob = 0.25 }"));
        assertTrue(inside.getMessage().contains("train.noisy { prob"), inside.getMessage());
        ConfigException notAnImage = assertThrows(ConfigException.class, () -> build(new L1Loss(), "aux_opt", "target = negatives"));
        assertTrue(notAnImage.getMessage().contains("not an image"), notAnImage.getMessage());
        ConfigException unknown = assertThrows(ConfigException.class, () -> build(new L1Loss(), "aux_opt", "target = teacher_lrc"));
        assertTrue(unknown.getMessage().contains("teacher_lcr"), unknown.getMessage());
    }

    @Test
    void badOptionsNameKeyFileLineAndNearestKey() {
        ComponentSpec spec = new ComponentSpec("L1Loss", ConfigFactory.parseString("type = L1Loss\nloss_wieght = 2.0",
                com.typesafe.config.ConfigParseOptions.defaults().setOriginDescription("train.conf")), "train.pixel_opt");
        ConfigException e = assertThrows(ConfigException.class, () -> new L1Loss().create(spec));
        assertTrue(e.getMessage().contains("loss_wieght"), e.getMessage());
        assertTrue(e.getMessage().contains("'loss_weight'"), e.getMessage());
        assertTrue(e.getMessage().contains("train.conf: 2"), e.getMessage());
        ConfigException noisyOnGt = assertThrows(ConfigException.class, () -> build(new L1Loss(), "pixel_opt", "noisy { prob = 0.5 }"));
        assertTrue(noisyOnGt.getMessage().contains("train.noisy"), noisyOnGt.getMessage());
        ConfigException none = assertThrows(ConfigException.class, () -> build(new L1Loss(), "pixel_opt", "reduction = none"));
        assertTrue(none.getMessage().contains("[mean, sum]"), none.getMessage());
        assertThrows(ConfigException.class, () -> build(new L1Loss(), "pixel_opt", "loss_weight = heavy"));
        assertThrows(ConfigException.class, () -> build(new MSELoss(), "pixel_opt", "eps = 0.1"));
    }

    @Test
    void shapeMismatchIsAnError() {
        ctx.set(StepInput.LQ, manager.zeros(new Shape(2, 3, 4, 4)));
        WeightedTerm t = build(new L1Loss(), "pixel_opt", "target = lq");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.compute(ctx));
        assertTrue(e.getMessage().contains("(2, 3, 4, 4)"), e.getMessage());
    }
}
