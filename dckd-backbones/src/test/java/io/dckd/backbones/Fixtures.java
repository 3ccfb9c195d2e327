package io.dckd.backbones;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dckd.core.io.SafeTensors;
import io.dckd.core.spi.Backbone;
import io.dckd.core.spi.BackboneFactory;
import io.dckd.core.spi.ComponentSpec;
import java.nio.file.Path;
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

    /** max |a − b|. */
    public static double maxAbs(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat();
    }

    /** max |a − b| / max |b|. */
    public static double maxRel(NDArray a, NDArray b) {
        return maxAbs(a, b) / b.abs().max().getFloat();
    }
}
