package io.dckd.backbones.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import io.dckd.core.io.SafeTensors;
import io.dckd.core.nn.StateDict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everyday checkpoint operations: load a weights file into a network (BasicSR
 * {@code load_network}), save a network as safetensors with its PyTorch key names, and describe a
 * file's contents.
 */
public final class Checkpoints {

    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);

    private Checkpoints() {}

    /**
     * Reads {@code file} ({@link CheckpointReader}), selects and renames keys per {@code options},
     * and copies the tensors into {@code block} with {@link StateDict#load} ({@code options.strict()}).
     * Temporaries live in a sub-manager of {@code scratch} that is closed before returning.
     *
     * @return the keys of the file that the network did not use (always empty when strict)
     * @throws IOException if the file cannot be read safely
     * @throws IllegalArgumentException listing missing, unexpected (strict) and mis-shaped keys
     */
    public static List<String> loadInto(Block block, Path file, CheckpointOptions options, NDManager scratch) throws IOException {
        try (NDManager sub = scratch.newSubManager()) {
            Map<String, NDArray> dict = CheckpointReader.read(sub, file, options);
            List<String> unused = StateDict.load(block, dict, options.strict(), file.toString());
            LOG.info("Loaded {} tensors from {}{}", dict.size() - unused.size(), file,
                    unused.isEmpty() ? "" : " (" + unused.size() + " unused keys ignored)");
            return unused;
        }
    }

    /**
     * Writes the block's state dict ({@link StateDict#of}: parameters and buffers under their
     * PyTorch names) to {@code file} as safetensors, floating tensors as float32 copies, atomically.
     */
    public static void saveSafetensors(Block block, Path file) throws IOException {
        Map<String, NDArray> copies = StateDict.float32Copy(StateDict.of(block));
        try {
            SafeTensors.write(copies, file);
        } finally {
            copies.values().forEach(NDArray::close);
        }
    }

    /** {@link #describe(Path, CheckpointOptions)} with the default options. */
    public static CheckpointDescription describe(Path file) throws IOException {
        return describe(file, CheckpointOptions.defaults());
    }

    /**
     * Lists the tensors {@link CheckpointReader#read} would return (names after selection, dtypes,
     * shapes) without loading tensor data.
     */
    public static CheckpointDescription describe(Path file, CheckpointOptions options) throws IOException {
        CheckpointFormat format = CheckpointFormat.detect(file);
        switch (format) {
            case SAFETENSORS -> {
                SafeTensorsHeader header = SafeTensorsHeader.read(file);
                LinkedHashMap<String, SafeTensorsHeader.Entry> all = new LinkedHashMap<>();
                header.tensors().forEach(e -> all.put(e.name(), e));
                List<TensorInfo> infos = new ArrayList<>();
                for (Map.Entry<String, SafeTensorsHeader.Entry> e : StateDictSelection.rename(all, options, file.toString()).entrySet()) {
                    infos.add(new TensorInfo(e.getKey(), e.getValue().dtype(), e.getValue().shape().clone()));
                }
                return new CheckpointDescription(format, StateDictSelection.TOP_LEVEL, List.copyOf(all.keySet()), infos);
            }
            case TORCH_ZIP -> {
                try (TorchZipCheckpoint ckpt = TorchZipCheckpoint.open(file, options.opaqueGlobals())) {
                    StateDictSelection.Selected<TensorRef> sel = StateDictSelection.fromPickle(ckpt.value(), options, file.toString());
                    List<TensorInfo> infos = new ArrayList<>();
                    sel.tensors().forEach((k, t) -> infos.add(t.info(k)));
                    return new CheckpointDescription(format, sel.from(), sel.topLevelKeys(), infos);
                }
            }
            default -> throw CheckpointReader.legacy(file);
        }
    }
}
