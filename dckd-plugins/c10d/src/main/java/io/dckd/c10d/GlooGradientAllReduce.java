package io.dckd.c10d;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import io.dckd.core.parallel.GradientAllReduce;
import java.util.List;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * {@link GradientAllReduce} over a {@link GlooProcessGroup}: DJL's gradient tensors are c10d's
 * tensors (one libtorch, see {@link C10d}), so they are summed in place, with no copy, in one
 * coalesced all-reduce together with a one-element fault flag, then divided by the number of ranks.
 */
public final class GlooGradientAllReduce implements GradientAllReduce {

    private final GlooProcessGroup group;

    public GlooGradientAllReduce(GlooProcessGroup group) {
        this.group = group;
    }

    @Override
    public int rank() {
        return group.rank();
    }

    @Override
    public int worldSize() {
        return group.size();
    }

    @Override
    public boolean average(List<NDArray> gradients, boolean localFault) {
        try (TensorVector all = new TensorVector();
             Tensor flag = localFault ? torch.ones(1) : torch.zeros(1)) {
            for (NDArray g : gradients) {
                all.push_back(view(g));
            }
            all.push_back(flag);
            group.allReduceSum(all);
            if (group.size() > 1) {
                try (Scalar n = new Scalar((double) group.size())) {
                    for (long i = 0; i < all.size() - 1; i++) {
                        all.get(i).div_(n);
                    }
                }
            }
            return flag.item_float() > 0;
        }
    }

    /** The at::Tensor behind a DJL PyTorch array (a borrowed view: no copy, no ownership). */
    private static Tensor view(NDArray a) {
        if (!(a instanceof PtNDArray pt)) {
            throw new IllegalArgumentException("c10d all-reduces PyTorch-engine arrays, got " + a.getClass().getName());
        }
        long handle = pt.getHandle();
        return new Tensor(new Pointer() {
            {
                address = handle;
            }
        });
    }

    @Override
    public void close() {
        group.close();
    }
}
