package io.dckd.backbones.checkpoint;

import java.util.List;

/**
 * What a weights file holds, read without loading tensor data (for {@code dckd inspect}).
 *
 * @param format the detected format
 * @param selectedFrom the entry the state dict came from ({@code params_ema}, {@code params},
 *     {@code state_dict}, or {@code <top level>}; safetensors files are always top level)
 * @param topLevelKeys the keys of the file's top-level dict (the tensor names for safetensors)
 * @param tensors the selected tensors with their dtypes and shapes, in file order
 */
public record CheckpointDescription(CheckpointFormat format, String selectedFrom, List<String> topLevelKeys, List<TensorInfo> tensors) {

    /** Total number of elements over the selected tensors. */
    public long parameterCount() {
        return tensors.stream().mapToLong(TensorInfo::numel).sum();
    }

    /** A multi-line listing: a summary line, then one {@code name dtype [shape]} line per tensor. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append(format).append(", state dict from ").append(selectedFrom).append(": ").append(tensors.size())
                .append(" tensors, ").append(parameterCount()).append(" elements\n");
        for (TensorInfo t : tensors) {
            sb.append("  ").append(t).append('\n');
        }
        return sb.toString();
    }
}
