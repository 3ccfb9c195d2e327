package io.dckd.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.typesafe.config.ConfigFactory;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.DistributionMapper.Encoded;
import io.dckd.core.spi.StepContext;
import io.dckd.core.spi.StepInput;
import io.dckd.core.spi.WeightedTerm;
import io.dckd.losses.contrastive.ContrasLoss;
import io.dckd.losses.contrastive.Distance;
import io.dckd.losses.distribution.CELoss;
import io.dckd.losses.Reduction;
import io.dckd.core.distill.LabelConsistency;
import io.dckd.core.distill.LcrOps;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** dckd's losses against values the official DCKD code computed (fixtures/losses.*). */
class OfficialFixturesTest {

    private static final double REL = 1e-6;
    private static final int LEVELS = 5;
    private static final int NEGATIVES = 4;

    private NDManager manager;
    private Map<String, NDArray> t;
    private JsonObject json;

    @BeforeEach
    void load() throws Exception {
        manager = NDManager.newBaseManager();
        t = Fixtures.tensors(manager);
        json = Fixtures.json();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private NDList level(int j) {
        NDList out = new NDList();
        for (int l = 0; l < LEVELS; l++) {
            out.add(t.get("latent." + l + "." + j));
        }
        return out;
    }

    private NDList negativesConcatenated() {
        NDList out = new NDList();
        for (int l = 0; l < LEVELS; l++) {
            NDList negs = new NDList();
            for (int j = 2; j < 2 + NEGATIVES; j++) {
                negs.add(t.get("latent." + l + "." + j));
            }
            out.add(NDArrays.concat(negs, 0));
        }
        return out;
    }

    @Test
    void contrastiveMatchesOfficialValue() {
        JsonObject c = json.getAsJsonObject("contrastive");
        double expected = c.get("value").getAsDouble();
        double[] w = toDoubles(c.getAsJsonArray("level_weights"));
        NDArray raw = ContrasLoss.contrastive(level(0), level(1), negativesConcatenated(), w, 1e-7, Distance.L1);
        double value = c.get("loss_weight").getAsDouble() * raw.getFloat();
        assertTrue(Fixtures.rel(value, expected) < REL, "contrastive " + value + " vs official " + expected);
    }

    @Test
    void contrastiveTermWithDefaultsMatchesOfficialValue() {
        WeightedTerm term = new ContrasLoss().create(new ComponentSpec("ContrasLoss",
                ConfigFactory.parseString("type = ContrasLoss"), "train.cl_opt"));
        assertEquals("l_cl", term.name());
        assertEquals(0.1, term.weight());
        // the term takes the encoder's level weights: the DMM's default, the official five (VqMappingTest)
        double[] dmmDefault = {1 / 32.0, 1 / 16.0, 1 / 8.0, 1 / 4.0, 1};
        StepContext ctx = new StepContext(manager, 1)
                .set(StepInput.ENCODED_STUDENT, new Encoded(level(0), null, dmmDefault))
                .set(StepInput.ENCODED_TEACHER, new Encoded(level(1), null, dmmDefault))
                .set(StepInput.ENCODED_NEGATIVES, new Encoded(negativesConcatenated(), null, dmmDefault));
        double value = term.weight() * term.compute(ctx).getFloat();
        double expected = json.getAsJsonObject("contrastive").get("value").getAsDouble();
        assertTrue(Fixtures.rel(value, expected) < REL, "contrastive term " + value + " vs official " + expected);
    }

    @Test
    void crossEntropyMatchesOfficialValue() {
        JsonObject ce = json.getAsJsonObject("cross_entropy");
        double expected = ce.get("value").getAsDouble();
        double value = ce.get("loss_weight").getAsDouble()
                * CELoss.official(t.get("s_dist"), t.get("t_dist"), Reduction.MEAN).getFloat();
        assertTrue(Fixtures.rel(value, expected) < REL, "CE " + value + " vs official " + expected);

        WeightedTerm term = new CELoss().create(new ComponentSpec("CELoss", ConfigFactory.parseString("type = CELoss, mode = official"),
                "train.ce_opt"));
        // the mapper hands over code logits; softmax(log C) = C, so log C stands for them
        StepContext ctx = new StepContext(manager, 1)
                .set(StepInput.ENCODED_STUDENT, new Encoded(new NDList(), t.get("s_dist").log()))
                .set(StepInput.ENCODED_TEACHER, new Encoded(new NDList(), t.get("t_dist").log()));
        double viaTerm = term.weight() * term.compute(ctx).getFloat();
        assertTrue(Fixtures.rel(viaTerm, expected) < REL, "CE term " + viaTerm + " vs official " + expected);
    }

    @Test
    void labelConsistencyApplyAndRevertAreExact() {
        JsonObject byOp = json.getAsJsonObject("lcr").getAsJsonObject("ops_by_sample");
        NDArray input = t.get("lcr.input");
        int batch = (int) input.getShape().get(0);
        Map<LcrOps.Op, int[]> idx = new EnumMap<>(LcrOps.Op.class);
        for (String key : byOp.keySet()) {
            idx.put(LcrOps.Op.of(key.charAt(0)), toInts(byOp.getAsJsonArray(key)));
        }
        LcrOps ops = LcrOps.ofIndices(batch, idx);
        assertEquals("i=[0, 2] h=[1, 2] v=[3] t=[0, 3]", ops.toString());

        NDArray noised = LabelConsistency.apply(input, ops);
        assertArrayEquals(t.get("lcr.noised").toFloatArray(), noised.toFloatArray(), 0f);
        NDArray reverted = LabelConsistency.revert(t.get("lcr.noised"), ops);
        assertArrayEquals(t.get("lcr.reverted").toFloatArray(), reverted.toFloatArray(), 0f);
        assertArrayEquals(input.toFloatArray(), t.get("lcr.input").toFloatArray(), 0f, "apply must not change its input");
    }

    private static double[] toDoubles(JsonArray a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsDouble();
        }
        return out;
    }

    private static int[] toInts(JsonArray a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsInt();
        }
        return out;
    }
}
