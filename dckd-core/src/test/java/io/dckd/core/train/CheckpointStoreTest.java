package io.dckd.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.dckd.core.io.NonFiniteTensorException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint holding a non-finite tensor (weights or optimiser state) is refused; the last good one stays. */
class CheckpointStoreTest {

    @TempDir
    Path dir;

    @Test
    void refusesNonFiniteTensorsAndKeepsTheLastGoodCheckpoint() throws Exception {
        CheckpointStore store = new CheckpointStore(dir, 2);
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, Map<String, NDArray>> good = new LinkedHashMap<>();
            good.put("net_g", Map.of("w", m.create(new float[] {1, 2})));
            good.put("optim_g", Map.of("m.w", m.create(new float[] {0, 0})));
            Path first = store.save(2, good, Map.of("data_position", 2));

            Map<String, Map<String, NDArray>> bad = new LinkedHashMap<>();
            bad.put("net_g", Map.of("w", m.create(new float[] {1, 2})));
            bad.put("optim_g", Map.of("v.w", m.create(new float[] {Float.POSITIVE_INFINITY, 0})));
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> store.save(4, bad, Map.of("data_position", 4)));
            assertInstanceOf(NonFiniteTensorException.class, e.getCause());
            assertTrue(e.getMessage().contains("iter_00000004") && e.getMessage().contains("tensor 'v.w' holds 1 non-finite value"), e.getMessage());

            assertEquals(List.of(first), store.list());
            try (Stream<Path> s = Files.list(dir)) {
                assertEquals(List.of(first), s.toList(), "no temporary checkpoint folder left");
            }
            assertEquals(2, store.latest().orElseThrow().iter());
            assertFalse(Files.exists(dir.resolve("iter_00000004")));
        }
    }
}
