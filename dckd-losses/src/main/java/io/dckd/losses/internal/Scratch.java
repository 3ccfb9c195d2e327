package io.dckd.losses.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Runs a loss computation in a scratch sub-manager so its intermediates are freed at once: the
 * inputs are temporarily attached to the scratch manager (an op's result belongs to the manager of
 * its first operand), the body runs, the result is attached to {@code owner}, and the scratch manager
 * closes, returning the inputs to their own managers. Autograd keeps what backward needs on the
 * native side, so closing the Java handles of intermediates does not break the gradient.
 */
public final class Scratch {

    private Scratch() {}

    /**
     * @param owner manager that receives the result (the step's manager)
     * @param inputs the arrays the body reads (NDArray or NDList)
     * @param body the computation; it may create constants in the scratch manager it receives
     */
    public static NDArray compute(NDManager owner, List<?> inputs, Function<NDManager, NDArray> body) {
        Set<NDArray> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<NDArray> arrays = new ArrayList<>();
        for (Object o : inputs) {
            if (o instanceof NDArray a) {
                if (seen.add(a)) {
                    arrays.add(a);
                }
            } else if (o instanceof NDList l) {
                for (NDArray a : l) {
                    if (seen.add(a)) {
                        arrays.add(a);
                    }
                }
            } else if (o != null) {
                throw new IllegalArgumentException("not a tensor input: " + o.getClass().getName());
            }
        }
        try (NDManager scratch = owner.newSubManager()) {
            for (NDArray a : arrays) {
                a.tempAttach(scratch);
            }
            NDArray result = body.apply(scratch);
            result.attach(owner);
            return result;
        }
    }
}
