package io.dckd.launcher;

import io.dckd.core.io.WeightsLoader;

/** The weights reader the launcher installs everywhere a weights path is accepted. */
public final class Weights {

    private Weights() {}

    /** Safetensors and PyTorch checkpoints (read without executing code), BasicSR key selection. */
    public static WeightsLoader loader() {
        return WeightsLoader.safetensorsOnly();
    }
}
