package io.dckd.core.pipeline;

import com.typesafe.config.Config;
import io.dckd.core.train.TrainingStoppedException;
import io.dckd.core.train.Validator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether a teacher is worth distilling from: on every validation set its PSNR (else its first
 * metric) must beat the task's baseline (bicubic, or the degraded input at scale 1). A teacher
 * that does not teaches the student to be worse than doing nothing, and every KD term then hurts, so
 * the run stops before distillation unless {@code train.allow_weak_teacher = true}.
 *
 * <p>The scores travel in the teacher stage's marker as flat keys ({@code val/<set>/<metric>/teacher}
 * and {@code .../baseline}), so a re-run, {@code --resume} and {@code dckd compare}'s method runs
 * check the same numbers without measuring again.
 */
public final class TeacherCheck {

    private static final String PREFIX = "val/";

    /** One set's deciding metric: the teacher's and the baseline's mean. */
    public record Score(String set, String metric, double teacher, double baseline) {
        boolean weak() {
            return !(teacher > baseline);
        }
    }

    private TeacherCheck() {}

    /** The marker entries of a measured teacher (PSNR, else the first metric, of each set). */
    public static Map<String, Object> markerEntries(Map<String, Validator.SetResult> teacher, Map<String, Validator.SetResult> baseline) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Validator.SetResult t : teacher.values()) {
            Validator.SetResult b = baseline.get(t.set());
            if (t.mean().isEmpty() || b == null) {
                continue;
            }
            String metric = t.mean().containsKey("psnr") ? "psnr" : t.mean().keySet().iterator().next();
            out.put(PREFIX + t.set() + "/" + metric + "/teacher", t.mean().get(metric));
            out.put(PREFIX + t.set() + "/" + metric + "/baseline", b.mean().get(metric));
        }
        return out;
    }

    /** The scores a teacher marker holds (empty for markers written before scores were kept). */
    public static List<Score> scores(Map<String, Object> marker) {
        List<Score> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : marker.entrySet()) {
            String k = e.getKey();
            if (k.startsWith(PREFIX) && k.endsWith("/teacher") && e.getValue() instanceof Number t) {
                String[] parts = k.substring(PREFIX.length(), k.length() - "/teacher".length()).split("/", -1);
                Object b = marker.get(k.substring(0, k.length() - "teacher".length()) + "baseline");
                if (parts.length == 2 && b instanceof Number bn) {
                    out.add(new Score(parts[0], parts[1], t.doubleValue(), bn.doubleValue()));
                }
            }
        }
        return out;
    }

    /**
     * Stops the run (exit 1, with the numbers) when the teacher is not better than the baseline on some
     * set and {@code train.allow_weak_teacher} is false; returns the one-line verdict otherwise.
     */
    public static String require(List<Score> scores, Config root, String baselineName) {
        String numbers = describe(scores, baselineName);
        boolean weak = scores.stream().anyMatch(Score::weak);
        if (!weak) {
            return "teacher checked: " + numbers;
        }
        if (root.getBoolean("train.allow_weak_teacher")) {
            return "teacher is NOT better than " + baselineName + " (" + numbers + "); distilling anyway (train.allow_weak_teacher = true)";
        }
        throw new TrainingStoppedException("the teacher is not better than " + baselineName + " (" + numbers + "), so distilling"
                + " from it would teach the student to be worse than " + baselineName + ". Train it longer or with other settings"
                + " (train_teacher), check path.pretrain_network_t, or set train.allow_weak_teacher = true to distil anyway"
                + " (then continue with --resume: the teacher is kept)");
    }

    private static String describe(List<Score> scores, String baselineName) {
        List<String> parts = new ArrayList<>();
        for (Score s : scores) {
            parts.add(String.format(Locale.ROOT, "%s: teacher %s %.2f, %s %.2f", s.set(), s.metric(), s.teacher(), baselineName, s.baseline()));
        }
        return String.join("; ", parts);
    }
}
