package io.dckd.plugins.dckd;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.dckd.core.data.Batch;
import io.dckd.core.distill.LcrOps;
import io.dckd.core.io.Json;
import io.dckd.core.io.SafeTensors;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.train.Network;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The fixture of {@code scripts/fixtures/official_iteration.py}: one {@code DCKDModel.optimize_parameters}
 * of the official DCKD code, with its networks before the step ({@code student}, {@code teacher},
 * {@code history}, {@code ema}, {@code vq} safetensors, official keys), the step's inputs, draws and results
 * ({@code step.safetensors}) and its options and logged losses ({@code iteration.json}).
 */
final class OfficialIteration implements AutoCloseable {

    /** Tests run in the module directory. */
    static final Path DIR = Path.of("src/test/resources/fixtures/official-iteration");

    private final NDManager manager = NDManager.newBaseManager(Device.cpu());
    private final Map<String, Object> record;
    private final Map<String, NDArray> step;

    OfficialIteration() throws IOException {
        record = Json.readObject(Files.readString(DIR.resolve("iteration.json")));
        step = SafeTensors.read(manager, DIR.resolve("step.safetensors"));
    }

    /** A tensor of {@code step.safetensors}. */
    NDArray tensor(String key) {
        NDArray t = step.get(key);
        if (t == null) {
            throw new IllegalArgumentException("step.safetensors has no " + key);
        }
        return t;
    }

    /** The official options of section {@code key} ({@code network_g}, {@code train}, ...). */
    Config options(String key) {
        return ConfigFactory.parseMap(map(map(record, "options"), key), "iteration.json options." + key);
    }

    /** The train section as dckd reads it: the official one, with the cross-entropy in its official (double softmax) form. */
    Config train() {
        return options("train").withValue("ce_opt.mode", ConfigValueFactory.fromAnyRef("official"));
    }

    /** The network of options section {@code key}, with the weights of {@code file}.safetensors. */
    Network network(String role, String key, String file, boolean trainable, TestMapperContext context) throws IOException {
        Config section = options(key);
        Network n = Network.create(role, context.buildBackbone(new ComponentSpec(section.getString("type"), section, key)), Device.cpu(), 0,
                trainable, 16);
        try (NDManager m = manager.newSubManager()) {
            n.load(SafeTensors.read(m, weights(file)), true, file);
        }
        return n;
    }

    /** Where the weights of {@code file} are. */
    Path weights(String file) {
        return DIR.resolve(file + ".safetensors");
    }

    /** The label-consistency selections the official step drew ({@code t_noising_idx}). */
    LcrOps lcrOps() {
        Map<LcrOps.Op, int[]> idx = new EnumMap<>(LcrOps.Op.class);
        map(record, "t_noising_idx").forEach((op, samples) ->
                idx.put(LcrOps.Op.of(op.charAt(0)), ((List<?>) samples).stream().mapToInt(s -> ((Number) s).intValue()).toArray()));
        return LcrOps.ofIndices(batchSize(), idx);
    }

    /** A logged loss of the official step ({@code l_pix}, {@code l_ts}, ..., {@code l_total}). */
    double loss(String key) {
        return ((Number) map(record, "losses").get(key)).doubleValue();
    }

    /** The batch the official step trained on. */
    Batch batch() {
        NDArray lq = tensor("lq");
        NDArray gt = tensor("gt");
        long[] l = lq.getShape().getShape();
        long[] g = gt.getShape().getShape();
        return new Batch((int) l[0], (int) l[2], (int) l[3], lq.toFloatArray(), (int) g[2], (int) g[3], gt.toFloatArray());
    }

    int batchSize() {
        return (int) tensor("lq").getShape().get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.get(key);
    }

    @Override
    public void close() {
        manager.close();
    }
}
