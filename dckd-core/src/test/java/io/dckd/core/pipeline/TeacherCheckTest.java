package io.dckd.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dckd.core.train.TrainingStoppedException;
import io.dckd.core.train.Validator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A teacher not better than the baseline stops the run with the numbers, unless allowed. */
class TeacherCheckTest {

    private static final Config STRICT = ConfigFactory.parseString("train.allow_weak_teacher = false");
    private static final Config ALLOWED = ConfigFactory.parseString("train.allow_weak_teacher = true");

    private static Map<String, Validator.SetResult> psnr(double value) {
        Map<String, Double> mean = new LinkedHashMap<>();
        mean.put("psnr", value);
        mean.put("ssim", 0.5);
        return Map.of("bundled", new Validator.SetResult("bundled", List.of(), mean, 0));
    }

    @Test
    void markerEntriesRoundTrip() {
        List<TeacherCheck.Score> s = TeacherCheck.scores(TeacherCheck.markerEntries(psnr(26.0), psnr(25.0)));
        assertEquals(List.of(new TeacherCheck.Score("bundled", "psnr", 26.0, 25.0)), s);
    }

    @Test
    void aWeakTeacherStopsTheRunNamingBothNumbers() {
        List<TeacherCheck.Score> weak = TeacherCheck.scores(TeacherCheck.markerEntries(psnr(13.35), psnr(29.56)));
        TrainingStoppedException e = assertThrows(TrainingStoppedException.class, () -> TeacherCheck.require(weak, STRICT, "bicubic"));
        assertTrue(e.getMessage().contains("teacher psnr 13.35, bicubic 29.56"), e.getMessage());
        assertTrue(e.getMessage().contains("train.allow_weak_teacher = true"), e.getMessage());
    }

    @Test
    void aTeacherEqualToTheBaselineIsWeakToo() {
        List<TeacherCheck.Score> same = List.of(new TeacherCheck.Score("val", "psnr", 25.0, 25.0));
        assertThrows(TrainingStoppedException.class, () -> TeacherCheck.require(same, STRICT, "bicubic"));
    }

    @Test
    void allowWeakTeacherLetsItPassWithAWarning() {
        List<TeacherCheck.Score> weak = List.of(new TeacherCheck.Score("val", "psnr", 13.0, 29.0));
        assertTrue(TeacherCheck.require(weak, ALLOWED, "bicubic").contains("NOT better"));
    }

    @Test
    void aGoodTeacherPasses() {
        List<TeacherCheck.Score> good = List.of(new TeacherCheck.Score("val", "psnr", 26.0, 25.0));
        assertTrue(TeacherCheck.require(good, STRICT, "bicubic").startsWith("teacher checked"));
    }
}
