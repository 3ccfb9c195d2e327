package io.dckd.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dckd.core.config.ConfigProblem;
import org.junit.jupiter.api.Test;

/** The teacher's training section falls back to train's settings, never to the student's loss terms. */
class TeacherTrainingTest {

    private static final String TRAIN = "train { total_iter = 500, ema_decay = 0.9, optim_g { type = Adam, lr = 5e-4 },"
            + " scheduler { type = MultiStepLR, milestones = [400], gamma = 0.5 }, pixel_opt { type = L1Loss },"
            + " logits_opt { type = L1Loss }, negative_sampler { type = DNSG }, history { step = [100] } }\n";

    @Test
    void inheritsTrainsOptimizerAndScheduleUnlessOverridden() {
        Config root = ConfigFactory.parseString(TRAIN + "train_teacher { total_iter = 40, pixel_opt { type = MSELoss } }");
        Config t = TeacherTraining.section(root);
        assertEquals(40, t.getLong("total_iter"), "its own value wins");
        assertEquals(5e-4, t.getDouble("optim_g.lr"), "train's optimizer");
        assertEquals(400, t.getLongList("scheduler.milestones").get(0));
        assertEquals(0.9, t.getDouble("ema_decay"));
        assertEquals("MSELoss", t.getString("pixel_opt.type"));
    }

    @Test
    void doesNotTakeTheStudentsLossTermsOrDistillationSections() {
        Config t = TeacherTraining.section(ConfigFactory.parseString(TRAIN + "train_teacher { charb_opt { type = CharbonnierLoss } }"));
        assertFalse(t.hasPath("pixel_opt"));
        assertFalse(t.hasPath("logits_opt"));
        assertFalse(t.hasPath("negative_sampler"));
        assertFalse(t.hasPath("history"));
        assertTrue(t.hasPath("charb_opt"));
    }

    @Test
    void aTeacherWithoutLossTermIsAConfigErrorNamingTrainTeacher() {
        ConfigProblem e = assertThrows(ConfigProblem.class,
                () -> TeacherTraining.section(ConfigFactory.parseString(TRAIN + "train_teacher { total_iter = 3 }")));
        assertTrue(e.getMessage().contains("train_teacher has no loss term"), e.getMessage());
    }
}
