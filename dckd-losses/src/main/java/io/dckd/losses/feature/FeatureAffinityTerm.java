package io.dckd.losses.feature;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.dckd.core.spi.StepContext;
import io.dckd.core.spi.StepInput;
import io.dckd.losses.ConfiguredTerm;
import java.util.Arrays;
import java.util.List;

/** A configured {@link FAKDLoss}: picks the matched taps of the step and compares their affinities. */
public final class FeatureAffinityTerm extends ConfiguredTerm {

    private final boolean l2;
    private final double eps;
    private final int[] studentTaps;
    private final int[] teacherTaps;

    FeatureAffinityTerm(String name, double weight, boolean l2, double eps, int[] studentTaps, int[] teacherTaps) {
        super(name, weight, List.of(StepInput.STUDENT_FEATS, StepInput.TEACHER_FEATS));
        this.l2 = l2;
        this.eps = eps;
        this.studentTaps = studentTaps;
        this.teacherTaps = teacherTaps;
    }

    @Override
    public NDArray compute(StepContext context) {
        NDList s = context.list(StepInput.STUDENT_FEATS);
        NDList t = context.list(StepInput.TEACHER_FEATS);
        NDList ps = new NDList();
        NDList pt = new NDList();
        if (studentTaps != null) {
            for (int i = 0; i < studentTaps.length; i++) {
                ps.add(pick(s, studentTaps[i], "student"));
                pt.add(pick(t, teacherTaps[i], "teacher"));
            }
        } else {
            if (t.size() < s.size()) {
                throw new IllegalStateException("FAKD: the teacher has " + t.size() + " feature taps, fewer than the student's "
                        + s.size() + "; give student_taps and teacher_taps");
            }
            for (int i = 0; i < s.size(); i++) {
                ps.add(s.get(i));
                pt.add(t.get(FAKDLoss.matchedTeacherTap(i, s.size(), t.size())));
            }
        }
        NDArray loss = FAKDLoss.loss(ps, pt, l2, eps);
        loss.attach(context.manager());
        return loss;
    }

    private static NDArray pick(NDList taps, int i, String who) {
        if (i >= taps.size()) {
            throw new IllegalStateException("FAKD: " + who + " tap " + i + " requested but the " + who + " has " + taps.size() + " taps");
        }
        return taps.get(i);
    }

    @Override
    public String formula() {
        return "FAKD(" + (l2 ? "L2" : "L1") + ")";
    }

    @Override
    protected String details() {
        return "FAKD(criterion=" + (l2 ? "L2" : "L1") + ", student_taps="
                + Arrays.toString(studentTaps) + ", teacher_taps=" + Arrays.toString(teacherTaps) + ")";
    }
}
