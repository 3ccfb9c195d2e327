package io.dckd.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dckd.core.config.ConfigProblem;
import io.dckd.core.train.RunDirectory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stage order a config gives, what counts as finished, and the stages the run's injector offers. */
class PipelineTest {

    @TempDir
    Path dir;

    private static Config distillation(long distillIters) {
        return ConfigFactory.parseString("network_t { type = t }\nnetwork_vq { type = DMM }\npath.pretrain_network_t = t.pth\n"
                + "train.total_iter = " + distillIters);
    }

    @Test
    void stageOrderFollowsTheConfig() {
        assertEquals(List.of("train", "export"), Pipeline.stagesOf(ConfigFactory.parseString("network_g { type = g }")));
        assertEquals(List.of("teacher", "codebook", "distill", "evaluate", "export"), Pipeline.stagesOf(distillation(10)));
        assertEquals(List.of("distill"), Pipeline.stagesOf(ConfigFactory.parseString("stages = [distill]")));
    }

    @Test
    void aRaisedIterationCountReopensAFinishedTrainingStage() {
        StageMarker markers = new StageMarker(dir);
        for (String s : List.of("teacher", "codebook", "evaluate", "export")) {
            markers.finish(s, Map.of("weights", "x"));
        }
        markers.finish("distill", Map.of("iterations", 10));
        assertTrue(Pipeline.finishedEarlier(distillation(10), dir));
        assertFalse(Pipeline.finishedEarlier(distillation(20), dir), "total_iter raised: the distill stage resumes");
        markers.forget("export");
        assertFalse(Pipeline.finishedEarlier(distillation(10), dir));
    }

    @Test
    void anUnknownStageNamesTheOnesThatExist() {
        Config root = ConfigFactory.parseString("stages = [teacher, distil]");
        PipelineRun run = PipelineRun.of(root, null, null, null, new RunDirectory(dir), null);
        Pipeline p = Guice.createInjector(new RunModule(run)).getInstance(Pipeline.class);
        ConfigProblem e = assertThrows(ConfigProblem.class, p::finishedEarlier);
        assertTrue(e.getMessage().contains("unknown stage 'distil'"), e.getMessage());
        assertTrue(e.getMessage().contains("codebook, distill, evaluate, export, teacher, train"), e.getMessage());
    }
}
