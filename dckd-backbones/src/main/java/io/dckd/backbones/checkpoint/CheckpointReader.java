package io.dckd.backbones.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 *   <li>safetensors: the header is validated first ({@link SafeTensorsHeader}: length, JSON,
 *       dtypes, offsets inside the file and consistent with the shapes), then only the selected
 *       tensors are read (bfloat16 is widened to float32, see {@link TensorBytes});
 *   <li>{@code torch.save} zip archives ({@code .pth}, {@code .ckpt}): {@code data.pkl} is
 *       interpreted by {@link RestrictedUnpickler} (no code is ever executed), the state dict is
 *       selected as BasicSR's {@code load_network} does, and only its storages are read;
 *   <li>legacy (pre-1.6, non-zip) torch pickles are refused with instructions to re-save them.
 * </ul>
 *
 * <p>Whatever the format, a tensor holding NaN or infinite values is refused as it is read, naming
 * it and the count, unless {@link CheckpointOptions#allowNonFinite()} ({@link FiniteWeights}).
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
        LinkedHashMap<String, SafeTensorsHeader.Entry> entries = new LinkedHashMap<>();
        header.tensors().forEach(e -> entries.put(e.name(), e));
        Map<String, NDArray> out = new LinkedHashMap<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (Map.Entry<String, SafeTensorsHeader.Entry> e : StateDictSelection.rename(entries, options, file.toString()).entrySet()) {
                SafeTensorsHeader.Entry t = e.getValue();
                ByteBuffer bytes = ByteBuffer.allocate((int) (t.end() - t.begin()));
                long position = header.dataStart() + t.begin();
                while (bytes.hasRemaining()) {
                    int r = ch.read(bytes, position + bytes.position());
                    if (r < 0) {
                        throw new CheckpointFormatException(file + ": tensor '" + t.name() + "' ends past the end of the file");
                    }
                }
                NDArray a = TensorBytes.create(manager, bytes.array(), t.shape(), t.dtype(), file.toString(), t.name());
                out.put(e.getKey(), a);
                FiniteWeights.check(a, t.name(), file.toString(), options.allowNonFinite());
            }
        } catch (IOException | RuntimeException e) {
            out.values().forEach(NDArray::close);
            throw e;
        }
        LOG.debug("read {} tensors from safetensors file {}", out.size(), file);
        return out;
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
                    FiniteWeights.check(a, e.getKey(), file.toString(), options.allowNonFinite());
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
