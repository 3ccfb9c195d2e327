package io.dckd.backbones.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/** The weight file formats dckd understands, detected from a file's first bytes (never its name). */
public enum CheckpointFormat {
    /** Hugging Face safetensors: 8-byte little-endian header length, then a JSON header. */
    SAFETENSORS,
    /** {@code torch.save} zip archive (PyTorch >= 1.6): {@code <root>/data.pkl} plus storages. */
    TORCH_ZIP,
    /** {@code torch.save} legacy (non-zip) pickle stream, written by PyTorch < 1.6. */
    TORCH_LEGACY;

    /** The pickled magic number that starts a legacy torch.save stream (0x1950a86a20f9469cfc6c). */
    private static final byte[] LEGACY_MAGIC = {
        (byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19
    };

    /**
     * Detects the format of {@code file} from its first 16 bytes.
     *
     * @throws CheckpointFormatException if the bytes match no supported format (the message lists
     *     the formats that are supported)
     */
    public static CheckpointFormat detect(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toAbsolutePath().toString(), null, "no checkpoint file there");
        }
        long size = Files.size(file);
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(16);
        }
        return detect(head, size, file.toString());
    }

    static CheckpointFormat detect(byte[] head, long size, String source) throws CheckpointFormatException {
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return TORCH_ZIP;
        }
        if (head.length >= 2 && (head[0] & 0xff) == 0x80 && head[1] >= 2 && head[1] <= 5) {
            if (head.length >= 2 + LEGACY_MAGIC.length && Arrays.equals(head, 2, 2 + LEGACY_MAGIC.length, LEGACY_MAGIC, 0, LEGACY_MAGIC.length)) {
                return TORCH_LEGACY;
            }
            throw new CheckpointFormatException(source + " is a plain Python pickle, not a torch.save checkpoint: dckd reads"
                    + " safetensors and torch.save zip archives; save the state dict with torch.save(...) (torch>=1.6)"
                    + " or safetensors.torch.save_file(...)");
        }
        if (head.length >= 9 && head[8] == '{') {
            // the header validator checks the length and explains what is wrong with it
            return SAFETENSORS;
        }
        throw new CheckpointFormatException(source + " is not a checkpoint dckd can read (" + size + " bytes, starts with "
                + hex(head) + "): expected safetensors (8-byte length + JSON header) or a torch.save zip archive (PK..)");
    }

    static String hex(byte[] head) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(8, head.length); i++) {
            sb.append(String.format("%02x", head[i] & 0xff));
        }
        return sb.length() == 0 ? "<empty>" : sb.toString();
    }
}
