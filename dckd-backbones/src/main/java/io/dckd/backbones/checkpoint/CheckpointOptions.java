package io.dckd.backbones.checkpoint;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.dckd.core.config.ComponentOptions;

/**
 * How a weights file becomes a state dict, following BasicSR's {@code load_network}.
 *
 * <ul>
 *   <li>{@code param_key}: the entry of a pickled checkpoint holding the state dict; when it is
 *       absent, {@code params}, then {@code state_dict} (Lightning) are tried, then the top-level
 *       dict itself if it maps names to tensors. Empty means: the top-level dict.
 *   <li>a leading {@code module.} (DataParallel) is always stripped, as BasicSR does.
 *   <li>{@code prefix}: keep only keys starting with it, names unchanged (e.g. {@code encoder.}).
 *   <li>{@code strip_prefix}: then remove this leading string from the kept keys (e.g. a Lightning
 *       module's {@code net_g.}).
 *   <li>{@code strict}: passed to {@link io.dckd.core.nn.StateDict#load} (unexpected keys fail).
 *   <li>{@code opaque_globals}: let pickled objects of unknown classes outside the state dict (e.g.
 *       a Lightning {@code hyper_parameters} object) be kept as inert opaque values; when false,
 *       every global outside the allowlist is refused. Dangerous globals are always refused.
 *   <li>{@code allow_non_finite}: load tensors holding NaN or infinite values (with a warning) instead
 *       of refusing the file. Off by default: such weights turn every output into NaN (a black
 *       image), and neither format forbids them (the safetensors README says values are not
 *       checked), so only the reader can.
 * </ul>
 *
 * <p>Defaults live in {@code reference.conf} under {@code dckd.backbones.checkpoint}.
 */
public record CheckpointOptions(String paramKey, String prefix, String stripPrefix, boolean strict, boolean opaqueGlobals,
                                boolean allowNonFinite) {

    static final String ROOT = "dckd.backbones.checkpoint";

    /** Validates the strings (null becomes empty). */
    public CheckpointOptions {
        paramKey = paramKey == null ? "" : paramKey;
        prefix = prefix == null ? "" : prefix;
        stripPrefix = stripPrefix == null ? "" : stripPrefix;
    }

    /** The defaults of {@code reference.conf}: {@code params_ema}, no prefix, strict, opaque globals allowed, non-finite values refused. */
    public static CheckpointOptions defaults() {
        return from(ConfigFactory.empty());
    }

    /**
     * Binds a user section (e.g. a network's {@code path} options) over the reference defaults.
     *
     * @throws ConfigException naming an unknown key or a value of the wrong type, where it was
     *     written, and (for a key) the nearest known key
     */
    public static CheckpointOptions from(Config user) {
        ComponentOptions c = ComponentOptions.over(ComponentOptions.reference(CheckpointOptions.class).getConfig(ROOT))
                .read(user, "checkpoint");
        return new CheckpointOptions(c.getString("param_key"), c.getString("prefix"), c.getString("strip_prefix"),
                c.getBoolean("strict"), c.getBoolean("opaque_globals"), c.getBoolean("allow_non_finite"));
    }

    /** A copy with another {@code param_key}. */
    public CheckpointOptions withParamKey(String key) {
        return new CheckpointOptions(key, prefix, stripPrefix, strict, opaqueGlobals, allowNonFinite);
    }

    /** A copy keeping only keys that start with {@code p} (names unchanged). */
    public CheckpointOptions withPrefix(String p) {
        return new CheckpointOptions(paramKey, p, stripPrefix, strict, opaqueGlobals, allowNonFinite);
    }

    /** A copy that removes {@code p} from the start of the selected keys. */
    public CheckpointOptions withStripPrefix(String p) {
        return new CheckpointOptions(paramKey, prefix, p, strict, opaqueGlobals, allowNonFinite);
    }

    /** A copy with strict (every key must match) or non-strict loading. */
    public CheckpointOptions withStrict(boolean s) {
        return new CheckpointOptions(paramKey, prefix, stripPrefix, s, opaqueGlobals, allowNonFinite);
    }

    /** A copy that keeps (true) or refuses (false) unknown, non-dangerous pickled classes. */
    public CheckpointOptions withOpaqueGlobals(boolean allow) {
        return new CheckpointOptions(paramKey, prefix, stripPrefix, strict, allow, allowNonFinite);
    }

    /** A copy that loads (true, with a warning) or refuses (false) tensors holding NaN or infinite values. */
    public CheckpointOptions withAllowNonFinite(boolean allow) {
        return new CheckpointOptions(paramKey, prefix, stripPrefix, strict, opaqueGlobals, allow);
    }

}
