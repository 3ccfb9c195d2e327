package io.dckd.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The teacher stage of a distillation pipeline: a teacher not better than bicubic stops the run
 * before distillation (exit 1, with the numbers) and is kept for {@code --resume} with
 * {@code train.allow_weak_teacher = true}; a finished pipeline re-run is reported, not re-run; a
 * {@code train_teacher} without loss term exits 2 naming it.
 */
class TeacherSanityTest {

    @RegisterExtension
    static final TinyRun tiny = TinyRun.perClass();

    /** A one-step teacher (random weights are far behind bicubic) and a tiny distillation. */
    static final String[] PIPELINE = {
        "--set", "network_t { type = edsr-t, num_feat = 8, num_block = 1 }",
        "--set", "train_teacher { total_iter = 1, pixel_opt { type = L1Loss } }",
        "--set", "train.total_iter=2",
        "--set", "train.logits_opt { type = L1Loss, loss_weight = 0.5 }"};

    static String[] with(String... more) {
        String[] out = java.util.Arrays.copyOf(PIPELINE, PIPELINE.length + more.length);
        System.arraycopy(more, 0, out, PIPELINE.length, more.length);
        return out;
    }

    @Test
    void aWeakTeacherStopsTheRunWithTheNumbersAndIsKeptForResume() throws Exception {
        TinyRun.Result weak = tiny.train(with("--set", "name=weak"));
        assertEquals(1, weak.code(), weak.err());
        assertTrue(weak.err().matches("(?s).*teacher is not better than bicubic \\(val: teacher psnr [0-9.]+, bicubic [0-9.]+\\).*"), weak.err());
        assertFalse(Files.exists(tiny.run("weak").resolve("distill")), "no distillation");
        String teacherMetrics = Files.readString(tiny.run("weak").resolve("teacher/metrics.jsonl"));

        TinyRun.Result allowed = tiny.train(with("--set", "name=weak", "--set", "train.allow_weak_teacher=true", "--resume"));
        assertEquals(0, allowed.code(), allowed.err());
        assertEquals(teacherMetrics, Files.readString(tiny.run("weak").resolve("teacher/metrics.jsonl")), "the teacher was not retrained");
        assertTrue(Files.readString(tiny.run("weak").resolve("train.log")).contains("distilling anyway"));

        RerunTest.Outcome again = RerunTest.captured(() -> tiny.train(with("--set", "name=weak", "--set", "train.allow_weak_teacher=true")));
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("finished earlier"), again.err());
        assertTrue(again.out().contains("teacher"), "report.md printed: " + again.out());

        TinyRun.Result changed = tiny.train(with("--set", "name=weak", "--set", "train.allow_weak_teacher=true", "--set", "train.total_iter=3"));
        assertEquals(2, changed.code(), changed.err());
        assertTrue(changed.err().contains("train.total_iter: 2 -> 3"), changed.err());
    }

    @Test
    void aTeacherSectionWithoutLossTermExits2NamingTrainTeacher() {
        TinyRun.Result r = tiny.train(with("--set", "name=noloss", "--set", "train_teacher.pixel_opt=null"));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("train_teacher has no loss term"), r.err());
        assertFalse(Files.exists(tiny.run("noloss")), "no run directory made");
    }
}
