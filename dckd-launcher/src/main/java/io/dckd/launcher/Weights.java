package io.dckd.launcher;

import com.typesafe.config.Config;
import io.dckd.backbones.checkpoint.CheckpointOptions;
import io.dckd.backbones.checkpoint.CheckpointReader;
import io.dckd.core.io.WeightsLoader;

/** The weights reader the launcher installs everywhere a weights path is accepted. */
public final class Weights {

    /** Run-config key that lets {@code path.pretrain_*} (and every other weights file of the run) hold NaN/Inf. */
    public static final String ALLOW_NON_FINITE_KEY = "path.allow_non_finite_weights";

    private Weights() {}

    /** {@link #loader(boolean)} refusing non-finite weights. */
    public static WeightsLoader loader() {
        return loader(false);
    }

    /** {@link #loader(boolean)} with the run config's {@value #ALLOW_NON_FINITE_KEY} (false when absent). */
    public static WeightsLoader loader(Config root) {
        return loader(allowsNonFinite(root));
    }

    /** Whether the run config sets {@value #ALLOW_NON_FINITE_KEY}. */
    public static boolean allowsNonFinite(Config root) {
        return root.hasPath(ALLOW_NON_FINITE_KEY) && root.getBoolean(ALLOW_NON_FINITE_KEY);
    }

    /**
     * Safetensors (header validated before anything is allocated, every data byte indexed exactly
     * once) and PyTorch {@code .pth}/{@code .ckpt} checkpoints read by a restricted unpickler that
     * never executes code; top-level key selection as BasicSR ({@code params_ema} → {@code params} →
     * {@code state_dict}), {@code module.} stripped. A tensor holding NaN or infinite values is refused
     * unless {@code allowNonFinite} (the user's {@code --allow-non-finite} or
     * {@value #ALLOW_NON_FINITE_KEY}): such weights give black outputs with exit status 0.
     */
    public static WeightsLoader loader(boolean allowNonFinite) {
        return (manager, file, paramKey) -> CheckpointReader.read(manager, file, CheckpointOptions.defaults()
                .withParamKey(paramKey == null ? "params_ema" : paramKey).withAllowNonFinite(allowNonFinite));
    }
}
