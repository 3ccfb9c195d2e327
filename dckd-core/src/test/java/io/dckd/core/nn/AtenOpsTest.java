package io.dckd.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class AtenOpsTest {

    private static NDArray groupNormByFormula(NDArray x, int groups, NDArray w, NDArray b, double eps) {
        Shape s = x.getShape();
        NDArray g = x.reshape(s.get(0), groups, -1);
        NDArray centred = g.sub(g.mean(new int[] {2}, true));
        NDArray var = centred.square().mean(new int[] {2}, true);
        NDArray normed = centred.div(var.add(eps).sqrt()).reshape(s);
        return normed.mul(w.reshape(1, -1, 1, 1)).add(b.reshape(1, -1, 1, 1));
    }

    private static NDArray swishByFormula(NDArray x) {
        return x.mul(x.getNDArrayInternal().sigmoid());
    }

    @Test
    void theModuleLoadsOnThePyTorchEngine() {
        assertTrue(AtenOps.available(), "the PyTorch engine is on the test class path");
    }

    @Test
    void groupNormThenSiluMatchesTheFormulaInValueAndGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(3);
            NDArray x = m.randomNormal(new Shape(2, 8, 5, 6)).mul(3).add(1);
            NDArray w = m.randomNormal(new Shape(8));
            NDArray b = m.randomNormal(new Shape(8));
            assertFusedMatchesTheFormula(x, w, b, true, 4);
        }
    }

    @Test
    void withAFrozenAffineTheInputGradientIsStillTheFormulas() {
        // the VQGAN encoder on the student output: frozen weight and bias, gradient wanted for x only
        // (an in-place silu_ after group_norm silently corrupted exactly this gradient)
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(5);
            NDArray x = m.randomNormal(new Shape(2, 8, 5, 6)).mul(2).add(0.5f);
            NDArray w = m.randomNormal(new Shape(8));
            NDArray b = m.randomNormal(new Shape(8));
            for (int groups : new int[] {4, 8}) {
                assertFusedMatchesTheFormula(x, w, b, false, groups);
            }
        }
    }

    /**
     * The fused group norm + SiLU and the formula agree within 2e-5 in the output and the gradients: of x,
     * and with {@code affineGrad} of the weight and the bias too.
     */
    private static void assertFusedMatchesTheFormula(NDArray x, NDArray w, NDArray b, boolean affineGrad, int groups) {
        NDArray[] fused = valueAndGrads(x, w, b, true, affineGrad, groups);
        NDArray[] formula = valueAndGrads(x, w, b, false, affineGrad, groups);
        for (int i = 0; i < fused.length; i++) {
            float diff = fused[i].sub(formula[i]).abs().max().getFloat();
            assertTrue(diff < 2e-5f, groups + " groups: output/grad " + i + " differs by " + diff);
        }
    }

    private static NDArray[] valueAndGrads(NDArray x0, NDArray w0, NDArray b0, boolean fused, boolean affineGrad, int groups) {
        NDArray x = x0.duplicate();
        NDArray w = w0.duplicate();
        NDArray b = b0.duplicate();
        x.setRequiresGradient(true);
        w.setRequiresGradient(affineGrad);
        b.setRequiresGradient(affineGrad);
        NDArray y;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            y = fused ? AtenOps.groupNorm(x, groups, w, b, 1e-6, true) : swishByFormula(groupNormByFormula(x, groups, w, b, 1e-6));
            // a non-uniform upstream gradient, so the test sees more than the sum rule
            gc.backward(y.mul(y.getManager().arange(y.size()).reshape(y.getShape()).mod(7)).sum());
        }
        if (!affineGrad) {
            return new NDArray[] {y, x.getGradient().duplicate()};
        }
        return new NDArray[] {y, x.getGradient().duplicate(), w.getGradient().duplicate(), b.getGradient().duplicate()};
    }

    @Test
    void siluMatchesTheFormulaAndBelongsToTheInputsManager() {
        try (NDManager m = NDManager.newBaseManager(); NDManager step = m.newSubManager()) {
            NDArray x = step.randomNormal(new Shape(3, 4, 7)).mul(4);
            NDArray y = AtenOps.silu(x);
            assertEquals(step, y.getManager());
            assertEquals(x.getShape(), y.getShape());
            assertTrue(y.sub(swishByFormula(x)).abs().max().getFloat() < 1e-6f);
        }
    }

    @Test
    void theArchiveIsAZipWithTheModuleSource() throws Exception {
        byte[] zip = DckdOpsArchive.zip();
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            java.util.Set<String> names = new java.util.HashSet<>();
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
            }
            assertEquals(java.util.Set.of("dckdops/version", "dckdops/data.pkl", "dckdops/constants.pkl",
                    "dckdops/code/__torch__.py"), names);
        }
    }
}
