package io.dckd.losses;

import io.dckd.core.train.Objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.dckd.core.spi.StepContext;
import io.dckd.core.spi.StepInput;
import io.dckd.core.spi.WeightedTerm;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ObjectiveTest {

    /** The official DCKD train section (train_SwinIR_SRx2_DCKD.yml), in HOCON, BasicSR sibling noisy included. */
    private static final String OFFICIAL = """
            ema_decay = 0.999
            optim_g { type = Adam, lr = 1e-4 }
            ce_opt { type = CELoss, loss_weight = 0.001, reduction = mean }
            cl_opt { type = ContrasLoss, d_func = L1, loss_weight = 0.1, weights = [0.03125, 0.0625, 0.125, 0.25, 1.0] }
            lcr_opt { type = L1Loss, loss_weight = 1.0, reduction = mean }
            noisy { prob = 0.5 }
            logits_opt { type = L1Loss, loss_weight = 1.0, reduction = mean }
            pixel_opt { type = L1Loss, loss_weight = 1.0, reduction = mean }
            num_neg = 4
            """;

    private static final Function<String, io.dckd.core.spi.LossTerm> REGISTRY = LossTerms.registry(LossTerms.builtIn());

    @Test
    void officialConfigRendersTheDckdObjective() {
        Objective o = Objective.from(ConfigFactory.parseString(OFFICIAL), REGISTRY);
        assertEquals("L = 1.0*L1(student,gt) + 1.0*L1(student,teacher) + 1.0*L1(student,teacher_lcr)"
                + " + 0.1*ContrasLoss + 0.001*CE", o.render());
        assertEquals(List.of("l_pix", "l_kd", "l_lcr", "l_cl", "l_ce"), o.terms().stream().map(WeightedTerm::name).toList());
        assertEquals(Set.of(StepInput.STUDENT, StepInput.GT, StepInput.TEACHER, StepInput.TEACHER_LCR, StepInput.ENCODED_STUDENT,
                StepInput.ENCODED_TEACHER, StepInput.ENCODED_NEGATIVES), o.inputs());
    }

    @Test
    void noisyInsideALossSectionPointsToTheStepSetting() {
        Config train = ConfigFactory.parseString("lcr_opt { type = L1Loss, noisy { prob = 0.3 } }\nnoisy { prob = 0.9 }");
        ConfigException e = assertThrows(ConfigException.class, () -> Objective.from(train, REGISTRY));
        assertTrue(e.getMessage().contains("train.noisy { prob"), e.getMessage());
    }

    @Test
    void aTermThatIsNotConfiguredIsOff() {
        Objective o = Objective.from(ConfigFactory.parseString("pixel_opt { type = L1Loss }\nlogits_opt { type = L1Loss }"), REGISTRY);
        assertEquals("L = 1.0*L1(student,gt) + 1.0*L1(student,teacher)", o.render());
        assertEquals(Set.of(StepInput.STUDENT, StepInput.GT, StepInput.TEACHER), o.inputs());
        o.requireInputs(Set.of(StepInput.STUDENT, StepInput.GT, StepInput.TEACHER));
    }

    @Test
    void missingInputsFailAtStartWithFileAndLine() {
        Config train = ConfigFactory.parseString("pixel_opt { type = L1Loss }\ncl_opt { type = ContrasLoss }",
                ConfigParseOptions.defaults().setOriginDescription("dckd.conf"));
        Objective o = Objective.from(train, REGISTRY);
        ConfigException e = assertThrows(ConfigException.class, () -> o.requireInputs(Set.of(StepInput.STUDENT, StepInput.GT)));
        assertTrue(e.getMessage().contains("dckd.conf: 2"), e.getMessage());
        assertTrue(e.getMessage().contains("encoded_student"), e.getMessage());
        assertTrue(e.getMessage().contains("train.cl_opt"), e.getMessage());
    }

    @Test
    void configurationErrors() {
        assertThrows(IllegalArgumentException.class, () -> Objective.from(ConfigFactory.parseString("optim_g { type = Adam }"), REGISTRY));
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> Objective.from(ConfigFactory.parseString("pixel_opt { type = L2Loss }"), REGISTRY));
        assertTrue(unknown.getMessage().contains("L1Loss"), unknown.getMessage());
        assertThrows(ConfigException.class, () -> Objective.from(ConfigFactory.parseString("pixel_opt { loss_weight = 1 }"), REGISTRY));
        assertThrows(ConfigException.class, () -> Objective.from(ConfigFactory.parseString("pixel_opt = 1"), REGISTRY));
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> Objective.from(ConfigFactory.parseString(
                "pixel_opt { type = L1Loss }\naux_opt { type = MSELoss, target = gt, name = l_pix }"), REGISTRY));
        assertTrue(dup.getMessage().contains("l_pix"), dup.getMessage());
    }

    @Test
    void totalIsTheWeightedSumAndLogsWeightedValues() {
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(2);
            NDArray s = manager.randomUniform(0, 1, new Shape(1, 3, 4, 4));
            NDArray g = manager.randomUniform(0, 1, new Shape(1, 3, 4, 4));
            NDArray t = manager.randomUniform(0, 1, new Shape(1, 3, 4, 4));
            StepContext ctx = new StepContext(manager, 7).set(StepInput.STUDENT, s).set(StepInput.GT, g).set(StepInput.TEACHER, t);
            Objective o = Objective.from(ConfigFactory.parseString(
                    "pixel_opt { type = L1Loss, loss_weight = 2.0 }\nlogits_opt { type = CharbonnierLoss, loss_weight = 1e-4 }"), REGISTRY);
            assertEquals("L = 2.0*L1(student,gt) + 0.0001*Charbonnier(student,teacher)", o.render());
            Map<String, Double> logged = new HashMap<>();
            double total = o.total(ctx, logged).getFloat();
            double pix = s.sub(g).abs().mean().getFloat();
            double kd = s.sub(t).square().add(1e-12f).sqrt().mean().getFloat();
            assertEquals(2 * pix, logged.get("l_pix"), 1e-6);
            assertEquals(1e-4 * kd, logged.get("l_kd"), 1e-9);
            assertEquals(2 * pix + 1e-4 * kd, total, 1e-6);
        }
    }

    @Test
    void onlyTheTotalIsLeftInTheStepManager() {
        try (NDManager base = NDManager.newBaseManager(); NDManager step = base.newSubManager()) {
            Shape img = new Shape(2, 3, 8, 8);
            NDArray s = step.randomUniform(0, 1, img);
            s.setRequiresGradient(true);
            ai.djl.ndarray.NDList levels = new ai.djl.ndarray.NDList(step.randomUniform(0, 1, new Shape(2, 4, 4, 4)));
            ai.djl.ndarray.NDList negs = new ai.djl.ndarray.NDList(step.randomUniform(0, 1, new Shape(8, 4, 4, 4)));
            NDArray dist = step.randomUniform(0, 1, new Shape(8, 16)).softmax(1);
            StepContext ctx = new StepContext(step, 1).set(StepInput.STUDENT, s).set(StepInput.GT, step.randomUniform(0, 1, img))
                    .set(StepInput.TEACHER, step.randomUniform(0, 1, img)).set(StepInput.TEACHER_LCR, step.randomUniform(0, 1, img))
                    .set(StepInput.ENCODED_STUDENT, new io.dckd.core.spi.DistributionMapper.Encoded(levels, dist))
                    .set(StepInput.ENCODED_TEACHER, new io.dckd.core.spi.DistributionMapper.Encoded(levels, dist))
                    .set(StepInput.ENCODED_NEGATIVES, new io.dckd.core.spi.DistributionMapper.Encoded(negs, null));
            Objective o = Objective.from(ConfigFactory.parseString(OFFICIAL.replace("weights = [0.03125, 0.0625, 0.125, 0.25, 1.0]", "weights = [1.0]")), REGISTRY);
            int before = step.getManagedArrays().size();
            for (int i = 0; i < 3; i++) {
                o.total(ctx, new HashMap<>()).close();
            }
            NDArray total = o.total(ctx, new HashMap<>());
            assertEquals(before + 1, step.getManagedArrays().size(), "intermediates leaked into the step manager");
            assertTrue(total.getFloat() > 0);
        }
    }
}
