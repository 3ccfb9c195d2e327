package io.dckd.backbones.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.dckd.core.io.SafeTensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a weights file into an ordered state dict (PyTorch name → array), whatever its format,
 * detected from its first bytes ({@link CheckpointFormat}), never from its extension:
 *
 * <ul>
 *   <li>safetensors: the header is validated ({@link SafeTensorsHeader}), then decoded by
 *       {@link SafeTensors#read};
 *   <li>{@code torch.save} zip archives ({@code .pth}, {@code .ckpt}): {@code data.pkl} is
 *       interpreted by {@link RestrictedUnpickler} (no code is ever executed), the state dict is
 *       selected as BasicSR's {@code load_network} does, and only its storages are read;
 *   <li>legacy (pre-1.6, non-zip) torch pickles are refused with instructions to re-save them.
 * </ul>
 *
 * <p>Key selection and renaming follow {@link CheckpointOptions}. Arrays are created in the
 * given manager (close it, or the arrays, when done); on failure nothing is left attached to it.
 */
public final class CheckpointReader {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointReader.class);

    private CheckpointReader() {}

    /**
     * Reads the state dict of {@code file}.
     *
     * @return the selected tensors, in file order, keyed by (renamed) PyTorch name
     * @throws CheckpointFormatException for malformed, truncated, hostile or unsupported files
     *     ({@link UnsafePickleException} when the pickle asks for a disallowed global or opcode)
     * @throws IOException if the file cannot be read
     */
    public static Map<String, NDArray> read(NDManager manager, Path file, CheckpointOptions options) throws IOException {
        CheckpointFormat format = CheckpointFormat.detect(file);
        return switch (format) {
            case SAFETENSORS -> readSafetensors(manager, file, options);
            case TORCH_ZIP -> readTorchZip(manager, file, options);
            case TORCH_LEGACY -> throw legacy(file);
        };
    }

    static CheckpointFormatException legacy(Path file) {
        return new CheckpointFormatException(file + " is a legacy (non-zip) torch.save file written by PyTorch < 1.6, which dckd does"
                + " not read: re-save it with torch >= 1.6, e.g. python -c \"import torch; torch.save(torch.load('" + file.getFileName()
                + "', map_location='cpu'), 'new.pth')\", or convert it to safetensors");
    }

    private static Map<String, NDArray> readSafetensors(NDManager manager, Path file, CheckpointOptions options) throws IOException {
        SafeTensorsHeader header = SafeTensorsHeader.read(file);
        Map<String, NDArray> all = SafeTensors.read(manager, file);
        try {
            if (all.size() != header.tensors().size()) {
                throw new CheckpointFormatException(file + ": decoded " + all.size() + " tensors but the header lists " + header.tensors().size());
            }
            for (SafeTensorsHeader.Entry e : header.tensors()) {
                NDArray a = all.get(e.name());
                if (a == null || !java.util.Arrays.equals(a.getShape().getShape(), e.shape()) || a.getDataType() != e.dtype().dataType()) {
                    throw new CheckpointFormatException(file + ": tensor '" + e.name() + "' decoded differently from its header entry");
                }
            }
            LinkedHashMap<String, NDArray> selected = StateDictSelection.rename(all, options, file.toString());
            for (NDArray a : all.values()) {
                if (!selected.containsValue(a)) {
                    a.close();
                }
            }
            LOG.debug("read {} tensors from safetensors file {}", selected.size(), file);
            return selected;
        } catch (IOException | RuntimeException e) {
            all.values().forEach(NDArray::close);
            throw e;
        }
    }

    private static Map<String, NDArray> readTorchZip(NDManager manager, Path file, CheckpointOptions options) throws IOException {
        try (TorchZipCheckpoint ckpt = TorchZipCheckpoint.open(file, options.opaqueGlobals())) {
            StateDictSelection.Selected<TensorRef> sel = StateDictSelection.fromPickle(ckpt.value(), options, file.toString());
            Map<String, NDArray> out = new LinkedHashMap<>();
            List<NDArray> created = new ArrayList<>();
            try {
                for (Map.Entry<String, TensorRef> e : sel.tensors().entrySet()) {
                    NDArray a = ckpt.materialise(manager, e.getValue(), e.getKey());
                    created.add(a);
                    out.put(e.getKey(), a);
                }
            } catch (IOException | RuntimeException e) {
                created.forEach(NDArray::close);
                throw e;
            }
            LOG.debug("read {} tensors from '{}' of torch checkpoint {}", out.size(), sel.from(), file);
            return out;
        }
    }
}
