package io.dckd.plugins.dckd.dmm;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.dckd.core.config.ComponentOptions;
import io.dckd.core.spi.ComponentSpec;
import java.nio.file.Path;
import java.util.Map;

/**
 * Options of {@link Dmm} (defaults in {@code dckd.plugins.dckd.DMM}).
 *
 * @param encoder the VQGAN to build ({@code encoder}: a preset name or a {@code { type = VQGAN, ... }} section)
 * @param weights {@code pretrain_network_vqgan}, or null to pretrain in the codebook stage
 * @param weightsOrigin where {@code pretrain_network_vqgan} was written, for errors
 * @param paramKey top-level key of the checkpoint ({@code param_key}, taming: {@code state_dict})
 * @param strictLoad whether every key of the file must be used ({@code strict_load})
 * @param levelWeights contrastive level weights w_l ({@code level_weights})
 * @param pretrain the codebook pretraining settings ({@code pretrain { ... }})
 */
public record DmmOptions(ComponentSpec encoder, Path weights, String weightsOrigin, String paramKey, boolean strictLoad,
                         double[] levelWeights, PretrainOptions pretrain, boolean randomInit) {

    /**
     * The entries of {@code merged} in a new object. An object merged over a string (a section over the
     * default {@code encoder = vq-tiny}) ignores every later fallback in Typesafe Config, so the
     * backbone's defaults (e.g. VQGAN's {@code norm_groups}) would never fill the keys it leaves out.
     */
    private static Config freshCopy(ConfigObject merged) {
        Config out = ConfigFactory.empty(merged.origin().description());
        for (Map.Entry<String, ConfigValue> e : merged.entrySet()) {
            out = out.withValue(ConfigUtil.quoteString(e.getKey()), e.getValue());
        }
        return out;
    }

    /** Reads and checks {@code spec} over the plugin's defaults ({@code dckd.plugins.dckd.DMM}) and ranges. */
    public static DmmOptions from(ComponentSpec spec) {
        ComponentOptions o = ComponentOptions.ofType(ComponentOptions.reference(DmmOptions.class), "dckd.plugins.dckd", Dmm.TYPE)
                .read(spec);
        Config c = o.config();
        ConfigValue enc = c.getValue("encoder");
        String encPath = spec.path() + ".encoder";
        ComponentSpec encoder;
        if (enc.valueType() == ConfigValueType.STRING) {
            encoder = new ComponentSpec((String) enc.unwrapped(), ConfigFactory.empty().withValue("type", enc), encPath);
        } else if (enc.valueType() == ConfigValueType.OBJECT) {
            Config section = freshCopy(c.getObject("encoder"));
            if (!section.hasPath("type")) {
                throw o.bad("encoder", "a backbone section needs a type (e.g. VQGAN)");
            }
            encoder = new ComponentSpec(section.getString("type"), section, encPath);
        } else {
            throw o.bad("encoder", "must be a preset name (e.g. vq-tiny, vqgan-f16) or a { type = VQGAN, ... } section");
        }
        Path weights = null;
        String weightsOrigin = null;
        if (o.has("pretrain_network_vqgan")) {
            weights = Path.of(o.getString("pretrain_network_vqgan"));
            weightsOrigin = c.getValue("pretrain_network_vqgan").origin().description();
        }
        // entries >= 0 by dckd.ranges.types.DMM
        double[] levelWeights = o.getDoubles("level_weights");
        if (levelWeights.length == 0) {
            throw o.bad("level_weights", "needs one weight per encoder level");
        }
        return new DmmOptions(encoder, weights, weightsOrigin, o.getString("param_key"), o.getBoolean("strict_load"),
                levelWeights, PretrainOptions.from(o), o.getBoolean("random_init"));
    }
}
