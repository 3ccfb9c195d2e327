package io.dckd.plugins.dckd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import com.typesafe.config.ConfigFactory;
import io.dckd.core.config.ConfigProblem;
import io.dckd.core.config.Precision;
import io.dckd.core.distill.DistillationStep;
import io.dckd.core.io.SafeTensors;
import io.dckd.core.nn.Casts;
import io.dckd.core.nn.TorchAdam;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.DistributionMapper;
import io.dckd.core.train.Divergence;
import io.dckd.core.train.MultiStepLR;
import io.dckd.core.train.Network;
import io.dckd.core.train.Objective;
import io.dckd.core.train.TrainingStep;
import io.dckd.plugins.dckd.dmm.Dmm;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code precision.frozen}: the frozen networks computing in bf16 (and fp16) against fp32, on CPU. The
 * tolerances are relative L2 errors (‖ours − fp32‖ / ‖fp32‖) set a few times above what was measured
 * (each test prints its numbers): bf16 keeps 8 significant bits (unit roundoff 2^-8 ≈ 3.9e-3), fp16 11 (2^-11 ≈ 4.9e-4).
 */
class FrozenPrecisionTest {

    /** The fixtures of dckd-backbones (tests run in the module directory). */
    static final Path BACKBONE_FIXTURES = Path.of("../../dckd-backbones/src/test/resources/fixtures");

    /**
     * A teacher's output in bf16 (measured: rcan-s 2.2e-3 on its 32×32 fixture, 5e-2 before
     * {@code SafeConvolution} padded the filters of bf16 convolutions, whose CPU forward is wrong
     * otherwise; swinir-s x2 2.8e-3 on its 24×24 fixture).
     */
    static final double BF16_OUTPUT = 1e-2;
    /** A teacher's output in fp16 (measured: rcan-s 3.1e-4, swinir-s 3.8e-4). */
    static final double FP16_OUTPUT = 2e-3;
    /**
     * vq-tiny's features per level and its codebook distribution in bf16 (measured on the 64×64 fixture:
     * levels 1-5 9.0e-3, 1.5e-2, 2.0e-2, 2.7e-2, 3.4e-2, growing with depth; distribution 7.0e-3).
     */
    static final double BF16_ENCODER = 5e-2;
    /**
     * Each DCKD term of one step with bf16 frozen networks, relative to the fp32 term (measured: l_kd
     * 1.9e-4, l_lcr 1.7e-3, l_cl 1.6e-3, l_ce 6.9e-6, l_total 4.1e-4; l_pix exactly equal).
     */
    static final double BF16_TERM = 1e-2;

    @TempDir
    Path stage;

    private static double relL2(NDArray ours, NDArray ref) {
        NDArray d = ours.sub(ref);
        return Math.sqrt(d.square().sum().getFloat() / ref.square().sum().getFloat());
    }

    /** The network of a backbone fixture ({@code spec}, its {@code weights.safetensors}), frozen, in {@code p}. */
    private static Network fixtureNetwork(TestMapperContext ctx, NDManager m, ComponentSpec spec, String fixture, Precision p) throws IOException {
        Network n = Network.create("teacher", ctx.buildBackbone(spec), Device.cpu(), 0, false, 24);
        try (NDManager files = m.newSubManager()) {
            n.load(SafeTensors.read(files, BACKBONE_FIXTURES.resolve(fixture + "/weights.safetensors")), true, fixture);
        }
        n.castFrozen(p);
        return n;
    }

    /** Relative L2 of the network's output on the fixture's input in bf16 and fp16 to fp32: {bf16, fp16}. */
    private static double[] outputErrors(ComponentSpec spec, String fixture, Path stage) throws IOException {
        TestMapperContext ctx = new TestMapperContext(stage, List.of(), 0);
        try (NDManager m = NDManager.newBaseManager();
             Network fp32 = fixtureNetwork(ctx, m, spec, fixture, Precision.FP32);
             Network bf16 = fixtureNetwork(ctx, m, spec, fixture, Precision.BF16);
             Network fp16 = fixtureNetwork(ctx, m, spec, fixture, Precision.FP16)) {
            NDArray x = SafeTensors.read(m, BACKBONE_FIXTURES.resolve(fixture + "/io.safetensors")).get("input");
            NDArray ref = fp32.forward(x, false);
            NDArray b = bf16.forward(x, false);
            NDArray h = fp16.forward(x, false);
            assertEquals(DataType.FLOAT32, b.getDataType(), "outputs come back in fp32");
            assertEquals(DataType.FLOAT32, h.getDataType());
            assertEquals(ref.getShape(), b.getShape());
            double[] e = {relL2(b, ref), relL2(h, ref)};
            System.out.printf("frozen %s %s: bf16 %.2e, fp16 %.2e (relative L2 to fp32)%n", fixture, x.getShape(), e[0], e[1]);
            assertTrue(e[0] > 0, "bf16 must actually round");
            assertThrows(IllegalStateException.class, () -> bf16.copyFrom(fp32), "a cast network takes new weights through castFrom only");
            return e;
        }
    }

    /** An architecture the tests never ran in bf16 is refused (a configuration error), not run into a JVM abort. */
    @Test
    void bf16IsRefusedForAnArchitectureNotCheckedInBf16() {
        TestMapperContext ctx = new TestMapperContext(stage, List.of(), 0);
        try (Network n = Network.create("teacher", ctx.buildBackbone(ComponentSpec.of("nafnet-s")), Device.cpu(), 0, false, 16)) {
            ConfigProblem e = assertThrows(ConfigProblem.class, () -> n.castFrozen(Precision.BF16));
            assertTrue(e.getMessage().contains("precision.frozen = bf16") && e.getMessage().contains("NAFNet"), e.getMessage());
            n.castFrozen(Precision.FP16);
            assertEquals(Precision.FP16, n.precision());
        }
    }

    @Test
    void teacherOutputsInBf16AndFp16AreCloseToFp32() throws IOException {
        double[] rcan = outputErrors(ComponentSpec.of("rcan-s"), "rcan-s-x4-32x32", stage);
        assertTrue(rcan[0] < BF16_OUTPUT, "bf16 rcan-s relative L2 " + rcan[0]);
        assertTrue(rcan[1] < FP16_OUTPUT, "fp16 rcan-s relative L2 " + rcan[1]);
        double[] swin = outputErrors(ComponentSpec.of("swinir-s", ConfigFactory.parseString("upscale = 2")), "swinir-s-x2-24x24", stage);
        assertTrue(swin[0] < BF16_OUTPUT, "bf16 swinir-s relative L2 " + swin[0]);
        assertTrue(swin[1] < FP16_OUTPUT, "fp16 swinir-s relative L2 " + swin[1]);
    }

    @Test
    void vqEncoderInBf16IsCloseToFp32AndTheStudentPathStaysFp32() throws IOException {
        TestMapperContext ctx = new TestMapperContext(stage, List.of(), 0);
        Path fixture = BACKBONE_FIXTURES.resolve("vq-tiny-64x64");
        ComponentSpec spec = ComponentSpec.of("DMM", ConfigFactory.empty());
        try (DistributionMapper.Mapping mapping = new Dmm().create(spec, ctx, Optional.of(fixture.resolve("weights.safetensors")));
             NDManager m = NDManager.newBaseManager()) {
            NDArray x = SafeTensors.read(m, fixture.resolve("io.safetensors")).get("input");
            DistributionMapper.Encoded ref = mapping.encode(x, true);
            mapping.castFrozen(Precision.BF16);
            DistributionMapper.Encoded frozen = mapping.encodeFrozen(x, true);
            DistributionMapper.Encoded student = mapping.encode(x, true);
            StringBuilder line = new StringBuilder("frozen vq-tiny encoder in bf16, relative L2 to fp32:");
            for (int l = 0; l < ref.levels().size(); l++) {
                double e = relL2(frozen.levels().get(l), ref.levels().get(l));
                line.append(String.format(" level %d %.2e", l + 1, e));
                assertEquals(DataType.FLOAT32, frozen.levels().get(l).getDataType());
                assertTrue(e < BF16_ENCODER, "level " + (l + 1) + " relative L2 " + e);
                assertEquals(0.0, student.levels().get(l).sub(ref.levels().get(l)).abs().max().getFloat(), 0.0,
                        "encode (E(S(x)), with gradient to the student) stays fp32");
            }
            double dist = relL2(frozen.codeLogits().softmax(1), ref.codeLogits().softmax(1));
            line.append(String.format("; distribution %.2e", dist));
            System.out.println(line);
            assertTrue(dist < BF16_ENCODER, "codebook distribution relative L2 " + dist);
        }
    }

    /** The loss terms of one DCKD step on the official-iteration fixture, its frozen networks in {@code p}. */
    private Map<String, Double> stepLosses(Precision p) throws IOException {
        try (OfficialIteration f = new OfficialIteration()) {
            TestMapperContext context = new TestMapperContext(stage, List.of(), 0);
            Objective objective = OfficialIterationTest.objective(f);
            try (Network student = f.network("student", "network_g", "student", true, context);
                 Network ema = f.network("ema", "network_g", "ema", false, context);
                 DistillationStep distill = OfficialIterationTest.distillation(f, objective, context)) {
                if (p != Precision.FP32) {
                    distill.parts().teacher().castFrozen(p);
                    Network copy = f.network("history-" + p.label(), "network_g", "history", false, context);
                    copy.castFrozen(p);
                    distill.parts().history().withCastCopy(copy);
                    distill.parts().mapping().castFrozen(p);
                }
                TorchAdam adam = new TorchAdam(student.parameters(), student.manager(), 0.9, 0.99, 1e-8, 0, false);
                TrainingStep step = new TrainingStep(student, ema, 0.999, objective, adam, new MultiStepLR(1e-4, new long[0], 1), distill,
                        Divergence.defaults());
                Map<String, NDArray> masterBefore = new LinkedHashMap<>();
                distill.parts().history().network().parameters().forEach((k, v) -> masterBefore.put(k, v.getArray().duplicate()));
                TrainingStep.Result r = step.run(f.batch(), 1);
                assertTrue(r.applied(), r.skipped());
                if (p != Precision.FP32) {
                    assertCastCopyFollowsTheMaster(distill, masterBefore);
                }
                masterBefore.values().forEach(NDArray::close);
                return new LinkedHashMap<>(r.losses());
            }
        }
    }

    /** After the step's history refresh (the fixture refreshes at iteration 1), the cast copy holds the refreshed fp32 master, rounded. */
    private static void assertCastCopyFollowsTheMaster(DistillationStep distill, Map<String, NDArray> masterBefore) {
        Network master = distill.parts().history().network();
        Network copy = distill.parts().history().runner();
        assertTrue(copy != master && master.precision() == Precision.FP32, "the fp32 master is kept next to the cast copy");
        double moved = 0;
        double worst = 0;
        for (Map.Entry<String, Parameter> e : master.parameters().entrySet()) {
            NDArray m = e.getValue().getArray();
            moved = Math.max(moved, m.sub(masterBefore.get(e.getKey())).abs().max().getFloat());
            NDArray c = Casts.toFloat32(copy.parameters().get(e.getKey()).getArray());
            worst = Math.max(worst, c.sub(m).abs().max().getFloat() / Math.max(1e-12, m.abs().max().getFloat()));
        }
        assertTrue(moved > 0, "the fixture's step refreshes the history model");
        assertTrue(worst < 1e-2, "the cast copy is the refreshed master rounded to bf16: max error " + worst + " of the largest weight");
    }

    @Test
    void eachDckdTermOfOneStepWithBf16FrozenNetworksIsCloseToFp32() throws IOException {
        Map<String, Double> fp32 = stepLosses(Precision.FP32);
        Map<String, Double> bf16 = stepLosses(Precision.BF16);
        StringBuilder line = new StringBuilder("one DCKD step, bf16 frozen networks, relative error per term:");
        for (String term : List.of("l_pix", "l_kd", "l_lcr", "l_cl", "l_ce", "l_total")) {
            double ref = fp32.get(term);
            double rel = Math.abs(bf16.get(term) - ref) / Math.abs(ref);
            line.append(String.format(" %s %.2e", term, rel));
            assertTrue(rel < BF16_TERM, term + ": bf16 " + bf16.get(term) + ", fp32 " + ref + " (relative " + rel + ")");
        }
        System.out.println(line);
        assertEquals(fp32.get("l_pix"), bf16.get("l_pix"), 0.0, "the pixel loss reads no frozen network");
        assertTrue(!fp32.get("l_kd").equals(bf16.get("l_kd")), "the teacher really ran in bf16");
    }
}
