package io.dckd.plugins.fsrcnn;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dckd.core.config.KeyCheck;
import io.dckd.core.spi.Backbone;
import io.dckd.core.spi.BackboneFactory;
import io.dckd.core.spi.ComponentSpec;
import ai.djl.nn.Block;
import org.pf4j.Extension;

/**
 * {@code fsrcnn:FSRCNN}: options {@code upscale} (2, 3, 4), {@code d} (56), {@code s} (12),
 * {@code m} (4), {@code num_in_ch} (3); defaults in this plugin's reference.conf under
 * {@code dckd.plugins.fsrcnn.defaults}.
 */
@Extension
public final class FsrcnnFactory implements BackboneFactory {

    @Override
    public String type() {
        return "FSRCNN";
    }

    @Override
    public String description() {
        return "FSRCNN (Dong et al. 2016), example third-party plugin";
    }

    @Override
    public Backbone create(ComponentSpec spec) {
        Config defaults = ConfigFactory.parseResources(FsrcnnFactory.class.getClassLoader(), "reference.conf")
                .getConfig("dckd.plugins.fsrcnn.defaults");
        java.util.Set<String> known = new java.util.HashSet<>(defaults.root().keySet());
        known.add("type");
        KeyCheck.requireKnownKeys(spec.params(), known, spec.path());
        Config c = spec.params().withFallback(defaults);
        int scale = c.getInt("upscale");
        Fsrcnn net = new Fsrcnn(scale, c.getInt("d"), c.getInt("s"), c.getInt("m"), c.getInt("num_in_ch"));
        return new Backbone() {
            @Override
            public String type() {
                return "fsrcnn:FSRCNN";
            }

            @Override
            public Block block() {
                return net;
            }

            @Override
            public int scale() {
                return scale;
            }
        };
    }
}
