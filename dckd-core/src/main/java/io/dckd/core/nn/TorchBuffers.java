package io.dckd.core.nn;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A block with non-trainable state-dict entries (PyTorch buffers), such as SwinIR's
 * {@code relative_position_index} and {@code attn_mask}: written on save so PyTorch can load the
 * file strictly, and accepted (checked, not trained) on load.
 */
public interface TorchBuffers {

    /** Buffers of this block keyed by their names relative to the block (e.g. {@code relative_position_index}). */
    Map<String, NDArray> buffers();

    /** The buffers of a block with one, made when it is initialised: {@code name → value}, or none while null. */
    static Map<String, NDArray> optional(String name, NDArray value) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        if (value != null) {
            out.put(name, value);
        }
        return out;
    }
}
