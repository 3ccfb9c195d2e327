package io.dckd.core.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import io.dckd.core.nn.Scratch;
import io.dckd.core.nn.TorchOwned;
import java.util.EnumMap;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * Label-consistency regularisation (LCR) transforms from DUKD, as the official DCKD code applies them
 * ({@code noising} in {@code basicsr/models/dckd_model.py}; METHOD.md §4).
 *
 * <p>Forward, on a copy of lq (B×C×H×W), each op only on its selected samples, in this order:
 * invert x ← 1 − x, flip H (dim −2), flip W (dim −1), transpose H ↔ W. {@link #revert} undoes them
 * in reverse order (each op is its own inverse). The teacher sees {@code cat[lq, apply(lq)]}; the
 * second half of its output, reverted, is {@code teacher_lcr}, and the loss is
 * {@code L1(student, teacher_lcr)}.
 *
 * <p>Per-sample selection is done with a B×1×1×1 mask broadcast to the batch ({@code where(mask, op(x), x)}), not
 * a loop over samples; the results are exact (no arithmetic besides 1 − x).
 */
public final class LabelConsistency {

    private LabelConsistency() {}

    /**
     * Draws the selections: for each op in the order i, h, v, t, and for each sample b in order, an
     * independent Bernoulli({@code prob}) draw ({@code rng.nextDouble() < prob}).
     */
    public static LcrOps sample(int batch, double prob, SplittableRandom rng) {
        if (!(prob >= 0 && prob <= 1)) {
            throw new IllegalArgumentException("label-consistency prob must be in [0, 1], got " + prob);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be positive, got " + batch);
        }
        EnumMap<LcrOps.Op, boolean[]> flags = new EnumMap<>(LcrOps.Op.class);
        for (LcrOps.Op op : LcrOps.Op.values()) {
            boolean[] f = new boolean[batch];
            for (int b = 0; b < batch; b++) {
                f[b] = rng.nextDouble() < prob;
            }
            flags.put(op, f);
        }
        return LcrOps.ofFlags(batch, flags);
    }

    /** The forward transform of {@code lq} (B×C×H×W); a new array in lq's manager, lq unchanged. */
    public static NDArray apply(NDArray lq, LcrOps ops) {
        return transform(lq, ops, false);
    }

    /** The inverse transform of {@code out} (B×C×H×W); a new array in out's manager. */
    public static NDArray revert(NDArray out, LcrOps ops) {
        return transform(out, ops, true);
    }

    /**
     * The official teacher pass: {@code teacher(cat[lq, apply(lq)])} split in two along the batch,
     * the second half reverted. Returns {@code [t_out, t_out_lcr]} in the manager of the teacher's
     * output. {@code teacher} must be a frozen forward that records no gradient.
     */
    public static NDList teacherOutputs(NDArray lq, LcrOps ops, UnaryOperator<NDArray> teacher) {
        NDArray augmented = apply(lq, ops);
        NDArray input = NDArrays.concat(new NDList(lq, augmented), 0);
        augmented.close();
        NDArray both = teacher.apply(input);
        if (both != input) {
            input.close();
        }
        NDList halves = both.split(2, 0);
        NDArray tOut = halves.get(0);
        NDArray tLcr = revert(halves.get(1), ops);
        halves.get(1).close();
        both.close();
        return new NDList(tOut, tLcr);
    }

    private static NDArray transform(NDArray x, LcrOps ops, boolean inverse) {
        long[] shape = x.getShape().getShape();
        if (shape.length != 4 || shape[0] != ops.batch()) {
            throw new IllegalArgumentException("label consistency needs B×C×H×W with B = " + ops.batch() + ", got " + x.getShape());
        }
        if (ops.count(LcrOps.Op.TRANSPOSE) > 0 && shape[2] != shape[3]) {
            throw new IllegalArgumentException("the transpose op needs square patches, got H×W = " + shape[2] + "×" + shape[3]);
        }
        LcrOps.Op[] order = LcrOps.Op.values();
        return Scratch.compute(x.getManager(), () -> {
            NDArray y = x;
            for (int i = 0; i < order.length; i++) {
                LcrOps.Op op = order[inverse ? order.length - 1 - i : i];
                y = step(y, op, ops);
            }
            return y == x ? x.duplicate() : y;
        });
    }

    private static NDArray step(NDArray y, LcrOps.Op op, LcrOps ops) {
        int n = ops.count(op);
        if (n == 0) {
            return y;
        }
        NDArray changed = switch (op) {
            case INVERT -> y.neg().add(1f);           // 1 − y, exactly as img_range − y
            case FLIP_H -> y.flip(2);
            case FLIP_W -> y.flip(3);
            case TRANSPOSE -> y.transpose(0, 1, 3, 2);
        };
        if (n == ops.batch()) {
            return changed;
        }
        NDArray mask = TorchOwned.booleans(y.getManager(), ops.flags(op), new Shape(ops.batch(), 1, 1, 1)).broadcast(y.getShape());
        return NDArrays.where(mask, changed, y);
    }
}
