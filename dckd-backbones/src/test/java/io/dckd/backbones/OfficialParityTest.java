package io.dckd.backbones;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.dckd.core.nn.StateDict;
import io.dckd.core.nn.TorchNames;
import io.dckd.core.spi.Backbone;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Outputs of the official BasicSR modules (fixtures from {@code shared/fixtures/official/backbones},
 * computed with PyTorch from the same weights) against this port: strict load, eval forward.
 */
class OfficialParityTest {

    private static final double TOLERANCE = 1e-4;

    @Test
    void rcanSx4MatchesBasicSR() {
        assertParity("rcan-s", "", "rcan-s-x4-32x32", 252_755);
    }

    @Test
    void swinirSx2MatchesBasicSRIncludingMaskRecomputedFor24x24() {
        assertParity("swinir-s", "upscale = 2", "swinir-s-x2-24x24", 1_087_727);
    }

    private static void assertParity(String preset, String hocon, String fixture, long params) {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> io = TestNets.fixture(m, fixture + "/io.safetensors");
            NDArray input = io.get("input");
            NDArray expected = io.get("output");
            int h = (int) input.getShape().get(2);
            int w = (int) input.getShape().get(3);
            Backbone b = TestNets.create(m, preset, hocon, h, w);
            assertEquals(params, TorchNames.count(b.block()));
            Map<String, NDArray> weights = TestNets.fixture(m, fixture + "/weights.safetensors");
            List<String> unused = StateDict.load(b.block(), weights, true, fixture);
            assertTrue(unused.isEmpty(), "unused keys " + unused);
            assertEquals(weights.keySet(), StateDict.of(b.block()).keySet(), "state-dict keys (with buffers)");
            try (NDManager scratch = m.newSubManager()) {
                NDArray out = b.block().forward(new ParameterStore(scratch, false), new NDList(input), false).head();
                assertEquals(expected.getShape(), out.getShape());
                double diff = TestNets.maxAbsDiff(out, expected);
                System.out.printf("%s: max |dckd - official| = %.3g%n", fixture, diff);
                assertTrue(diff <= TOLERANCE, fixture + " max abs diff " + diff);
            }
        }
    }
}
