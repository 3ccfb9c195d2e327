package io.dckd.core.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads a weights file into a PyTorch-style state dict. The core reads safetensors; the launcher
 * installs the reader of dckd-backbones, which also reads PyTorch {@code .pth}/{@code .ckpt} files
 * safely and selects top-level keys like BasicSR ({@code params_ema}, {@code params},
 * {@code state_dict}).
 */
@FunctionalInterface
public interface WeightsLoader {

    /**
     * @param paramKey the preferred top-level key for checkpoints that hold several state dicts
     *     (e.g. {@code params_ema}); ignored for flat files
     */
    Map<String, NDArray> read(NDManager manager, Path file, String paramKey) throws IOException;

    /** Safetensors only. */
    static WeightsLoader safetensorsOnly() {
        return (manager, file, key) -> SafeTensors.read(manager, file);
    }
}
