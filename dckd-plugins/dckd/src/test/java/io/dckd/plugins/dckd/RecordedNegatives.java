package io.dckd.plugins.dckd;

import ai.djl.ndarray.NDArray;
import io.dckd.core.spi.NegativeSampler;
import java.util.SplittableRandom;

/**
 * A negative sampler that replays the official code's draw: the recorded history-model input
 * {@code cat[lq, D_1(lq) .. D_n(lq)]} of one iteration (its degradations drew from the Python and torch
 * generators, which dckd does not reproduce; DNSG's own draws are tested in {@code dnsg/}).
 *
 * @param recorded (count·B)×C×h×w
 * @param count the clean lq and the n degraded copies
 */
record RecordedNegatives(NDArray recorded, int count) implements NegativeSampler.Sampler {

    @Override
    public NDArray negativeInputs(NDArray lq, SplittableRandom rng) {
        if (recorded.getShape().get(0) != count * lq.getShape().get(0) || !recorded.getShape().slice(1).equals(lq.getShape().slice(1))) {
            throw new IllegalArgumentException("recorded negatives " + recorded.getShape() + " are not " + count + " batches like lq " + lq.getShape());
        }
        NDArray out = recorded.duplicate();
        out.attach(lq.getManager());
        return out;
    }
}
