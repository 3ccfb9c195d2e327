package io.dckd.backbones;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dckd.core.io.SafeTensors;
import io.dckd.core.nn.FreshInit;
import io.dckd.core.nn.StateDict;
import io.dckd.core.nn.TorchNames;
import io.dckd.core.spi.Backbone;
import io.dckd.core.spi.BackboneFactory;
import io.dckd.core.spi.ComponentSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** Test helpers: presets from reference.conf, factories from META-INF/services, fixture files. */
public final class Fixtures {

    private Fixtures() {}

    /** Builds the backbone of preset {@code name} with the factory registered for its type. */
    public static Backbone preset(String name) {
        Config p = ConfigFactory.defaultReference().getConfig("dckd.presets." + name);
        String type = p.getString("type");
        for (BackboneFactory f : ServiceLoader.load(BackboneFactory.class)) {
            if (f.type().equals(type)) {
                return f.create(new ComponentSpec(type, p, "dckd.presets." + name));
            }
        }
        throw new AssertionError("no BackboneFactory of type " + type + " registered in META-INF/services");
    }

    /** The tensors of a test resource safetensors file. */
    public static Map<String, NDArray> read(NDManager m, String resource) throws Exception {
        return SafeTensors.read(m, Path.of(Fixtures.class.getResource(resource).toURI()));
    }

    /**
     * Initialises {@code block} for float32 inputs of {@code input}, loads the official weights of the fixture
     * folder {@code dir} ({@code weights.safetensors}) strictly, checks that none are left over, and returns
     * the fixture's inputs and reference outputs ({@code io.safetensors}).
     */
    public static Map<String, NDArray> loadOfficial(NDManager m, Block block, String dir, Shape input, String what) throws Exception {
        block.initialize(m, DataType.FLOAT32, input);
        assertEquals(List.of(), StateDict.load(block, read(m, dir + "weights.safetensors"), true, what));
        return read(m, dir + "io.safetensors");
    }

    /**
     * Runs {@code block} (inference) on the fixture input {@code input<suffix>} of {@code io} and checks it against
     * {@code output<suffix>}: the same shape and a max abs error below {@code tolerance} (printed with {@code label}).
     */
    public static void assertMatchesOfficial(NDManager m, Block block, Map<String, NDArray> io, String suffix, double tolerance, String label) {
        NDArray ref = io.get("output" + suffix);
        NDArray out = block.forward(new ParameterStore(m, false), new NDList(io.get("input" + suffix)), false).singletonOrThrow();
        assertEquals(ref.getShape(), out.getShape());
        double err = maxAbs(out, ref);
        System.out.printf("%s%s %s: max abs error %.3g%n", label, suffix, ref.getShape(), err);
        assertTrue(err < tolerance, "max abs error " + err);
    }

    /** The parameter count of preset {@code name}, initialised for float32 inputs of {@code input}, checked to upscale by {@code scale}. */
    public static long parameterCount(String name, int scale, Shape input) {
        Backbone bb = preset(name);
        assertEquals(scale, bb.scale(), name + " scale");
        try (NDManager m = NDManager.newBaseManager()) {
            bb.block().initialize(m, DataType.FLOAT32, input);
            return TorchNames.count(bb.block());
        }
    }

    /** Initialises {@code bb} for float32 inputs of {@code input} with the fresh weights of {@code seed}; returns its parameters by PyTorch name. */
    public static Map<String, Parameter> freshParameters(NDManager m, Backbone bb, Shape input, long seed) {
        bb.block().initialize(m, DataType.FLOAT32, input);
        FreshInit.apply(bb.block(), seed);
        return TorchNames.parameters(bb.block());
    }

    /** max |a − b|. */
    public static double maxAbs(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat();
    }

    /** max |a − b| / max |b|. */
    public static double maxRel(NDArray a, NDArray b) {
        return maxAbs(a, b) / b.abs().max().getFloat();
    }
}
