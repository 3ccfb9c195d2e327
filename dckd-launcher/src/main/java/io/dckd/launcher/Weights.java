package io.dckd.launcher;

import io.dckd.backbones.checkpoint.CheckpointOptions;
import io.dckd.backbones.checkpoint.CheckpointReader;
import io.dckd.core.io.WeightsLoader;

/** The weights reader the launcher installs everywhere a weights path is accepted. */
public final class Weights {

    private Weights() {}

    /**
     * Safetensors (header validated before anything is allocated) and PyTorch {@code .pth}/{@code .ckpt}
     * checkpoints read by a restricted unpickler that never executes code; top-level key selection as
     * BasicSR ({@code params_ema} → {@code params} → {@code state_dict}), {@code module.} stripped.
     */
    public static WeightsLoader loader() {
        return (manager, file, paramKey) -> CheckpointReader.read(manager, file,
                CheckpointOptions.defaults().withParamKey(paramKey == null ? "params_ema" : paramKey));
    }
}
