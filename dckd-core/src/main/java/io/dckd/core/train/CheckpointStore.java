package io.dckd.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.dckd.core.io.FileTrees;
import io.dckd.core.io.SafeTensors;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training checkpoints: {@code checkpoints/iter_000500/} holding one safetensors file per network
 * or optimiser ({@code net_g}, {@code net_g_ema}, {@code optim_g}, ...) and {@code state.json}
 * (iteration, data position, SHA-256 of every file). A checkpoint is written into a temporary
 * folder and renamed into place, so a crash never leaves a partial one under a final name; loading
 * verifies the checksums and falls back to the previous checkpoint with a warning. The last
 * {@code keep_last} are kept.
 *
 * <p>A checkpoint holding a NaN or infinite value in any tensor (weights, EMA, optimiser moments) is
 * refused: {@link SafeTensors#write} throws before writing it, the temporary folder is removed, and
 * the last good checkpoint stays the newest, so {@code --resume} never continues from a diverged state.
 */
public final class CheckpointStore {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
    private final Path dir;
    private final int keepLast;

    public CheckpointStore(Path dir, int keepLast) {
        this.dir = dir;
        this.keepLast = Math.max(1, keepLast);
    }

    /** A checkpoint on disk. */
    public record Checkpoint(Path dir, long iter, Map<String, Object> state) {
        /** Reads one of its tensor files ({@code net_g}, ...). */
        public Map<String, NDArray> read(NDManager manager, String name) throws IOException {
            return SafeTensors.read(manager, dir.resolve(name + ".safetensors"));
        }

        /** True if the checkpoint holds {@code name}. */
        public boolean has(String name) {
            return Files.exists(dir.resolve(name + ".safetensors"));
        }
    }

    /**
     * Writes a checkpoint atomically.
     *
     * @param tensors file name → state dict
     * @param state small values (iteration, data position, ...)
     * @throws UncheckedIOException if it cannot be written, or (caused by a
     *     {@link io.dckd.core.io.NonFiniteTensorException} naming the tensor) if a tensor is not finite
     */
    public Path save(long iter, Map<String, Map<String, NDArray>> tensors, Map<String, Object> state) {
        Path finalDir = dir.resolve(String.format("iter_%08d", iter));
        Path tmp = dir.resolve(String.format(".iter_%08d.tmp", iter));
        try {
            FileTrees.delete(tmp);
            Files.createDirectories(tmp);
            Map<String, Object> full = new LinkedHashMap<>(state);
            full.put("iter", iter);
            for (Map.Entry<String, Map<String, NDArray>> e : tensors.entrySet()) {
                Path f = tmp.resolve(e.getKey() + ".safetensors");
                SafeTensors.write(e.getValue(), f);
                full.put("sha256." + e.getKey(), sha256(f));
            }
            Path stateFile = tmp.resolve("state.json");
            Files.writeString(stateFile, MetricsLog.toJson(full));
            try (var ch = FileChannel.open(stateFile, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            FileTrees.delete(finalDir);
            Files.move(tmp, finalDir, StandardCopyOption.ATOMIC_MOVE);
            prune();
            return finalDir;
        } catch (IOException e) {
            try {
                FileTrees.delete(tmp);
            } catch (IOException ignored) {
                // the original failure matters more
            }
            throw new UncheckedIOException("cannot write the checkpoint " + finalDir + ": " + IoFaults.describe(e), e);
        }
    }

    /** The newest checkpoint that verifies, if any. */
    public Optional<Checkpoint> latest() {
        for (Path p : list()) {
            try {
                return Optional.of(verify(p));
            } catch (IOException | RuntimeException e) {
                LOG.warn("skipping checkpoint {}: {}", p, e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** Checkpoint folders, newest first. */
    public List<Path> list() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("iter_\\d{8}") && Files.isDirectory(p))
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Checkpoint verify(Path p) throws IOException {
        Path stateFile = p.resolve("state.json");
        if (!Files.exists(stateFile)) {
            throw new IOException("no state.json");
        }
        Map<String, Object> state = MetricsLog.parse(Files.readString(stateFile));
        for (Map.Entry<String, Object> e : state.entrySet()) {
            if (e.getKey().startsWith("sha256.")) {
                Path f = p.resolve(e.getKey().substring(7) + ".safetensors");
                if (!Files.exists(f) || !sha256(f).equals(e.getValue())) {
                    throw new IOException("checksum mismatch for " + f.getFileName());
                }
            }
        }
        long iter = ((Number) state.get("iter")).longValue();
        return new Checkpoint(p, iter, state);
    }

    private void prune() throws IOException {
        List<Path> all = list();
        for (int i = keepLast; i < all.size(); i++) {
            FileTrees.delete(all.get(i));
        }
    }

    static String sha256(Path f) throws IOException {
        try (InputStream in = Files.newInputStream(f)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
