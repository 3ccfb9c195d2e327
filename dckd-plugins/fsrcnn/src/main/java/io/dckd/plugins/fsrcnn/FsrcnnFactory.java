package io.dckd.plugins.fsrcnn;

import com.typesafe.config.Config;
import io.dckd.core.config.ComponentOptions;
import io.dckd.core.spi.Backbone;
import io.dckd.core.spi.BackboneFactory;
import io.dckd.core.spi.ComponentSpec;
import ai.djl.nn.Block;
import org.pf4j.Extension;

/**
 * {@code fsrcnn:FSRCNN}: options {@code upscale} (2, 3, 4), {@code d} (56), {@code s} (12),
 * {@code m} (4), {@code num_in_ch} (3); defaults in this plugin's reference.conf under
 * {@code dckd.plugins.fsrcnn.defaults}, ranges under {@code dckd.ranges.types.FSRCNN}.
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
        Config reference = ComponentOptions.reference(FsrcnnFactory.class);
        ComponentOptions o = ComponentOptions.over(reference.getConfig("dckd.plugins.fsrcnn.defaults"))
                .withRanges(reference.getConfig("dckd.ranges.types.FSRCNN").root()).read(spec);
        int scale = o.getInt("upscale");
        Fsrcnn net = new Fsrcnn(scale, o.getInt("d"), o.getInt("s"), o.getInt("m"), o.getInt("num_in_ch"));
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
