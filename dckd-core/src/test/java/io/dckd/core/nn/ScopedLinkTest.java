package io.dckd.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/** {@link Scoped#link}: what a chain of blocks frees, when, and what it must not free. */
class ScopedLinkTest {

    @Test
    void aLinkFreesItsScratchAndThePreviousOutputButNotTheChainInput() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.ones(new Shape(4));
            NDArray[] scratch = new NDArray[1];
            NDArray a = Scoped.linkOne(null, () -> {
                scratch[0] = x.mul(2);
                return scratch[0].add(1);
            });
            assertTrue(scratch[0].isReleased(), "the block's intermediate is freed when it returns");
            assertFalse(x.isReleased(), "the chain's input belongs to the caller");
            NDArray b = Scoped.linkOne(a, () -> a.mul(3));
            assertTrue(a.isReleased(), "the previous output is freed once the next block has read it");
            assertEquals(9f, b.getFloat(0));
        }
    }

    @Test
    void aBlockThatPassesItsInputThroughDoesNotFreeIt() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = Scoped.linkOne(null, () -> m.ones(new Shape(2)).add(1));
            NDArray same = Scoped.linkOne(a, () -> a);
            assertSame(a, same);
            assertFalse(a.isReleased());
        }
    }

    @Test
    void outputsJoinTheEnclosingScope() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.ones(new Shape(2));
            NDArray out;
            try (NDScope pass = new NDScope()) {
                out = Scoped.linkOne(null, () -> x.add(1));
                assertFalse(out.isReleased());
            }
            assertTrue(out.isReleased(), "the pass's scope frees the chain's outputs it did not keep");
        }
    }

    @Test
    void gradientsFlowThroughFreedLinks() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {1.5f, -2f});
            w.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray x = m.create(new float[] {3f, 4f});
                NDArray h = Scoped.linkOne(null, () -> x.mul(w).exp().log());
                NDArray y = Scoped.linkOne(h, () -> h.mul(w));
                assertTrue(h.isReleased(), "backward still works: autograd keeps what it saved");
                gc.backward(y.sum());
            }
            // d/dw (x·w·w) = 2·x·w
            assertEquals(9f, w.getGradient().getFloat(0), 1e-5);
            assertEquals(-16f, w.getGradient().getFloat(1), 1e-5);
        }
    }

    @Test
    void theProbeSeesTheLargestBlockNotTheEnd() {
        try (NDManager m = NDManager.newBaseManager(); NDManager pass = m.newSubManager()) {
            NDArray x = pass.zeros(new Shape(10));
            long peak = Scoped.peakLiveBytes(pass, () -> {
                NDArray big = Scoped.linkOne(null, () -> x.repeat(100).add(1).sum().reshape(1));
                Scoped.linkOne(big, () -> big.add(1));
            });
            // x (40 B) + the block's repeat and add (2 × 4000 B), the scalar results: about 8 KB, not 80 B
            assertTrue(peak >= 8000 && peak < 9000, "peak " + peak);
        }
    }
}
