package io.dckd.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The safetensors writer never writes a NaN or infinite value, and leaves nothing behind when it refuses. */
class SafeTensorsWriteTest {

    @TempDir
    Path dir;

    @Test
    void countsNanAndBothInfinitiesInEveryFloatingType() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] v = {1f, Float.NaN, -0f, Float.POSITIVE_INFINITY, Float.MIN_VALUE, Float.NEGATIVE_INFINITY, Float.MAX_VALUE};
            NDArray a = m.create(v);
            assertEquals(3, NonFiniteCount.of(a));
            assertEquals(3, NonFiniteCount.of(a.toType(DataType.FLOAT64, false)));
            assertEquals(4, NonFiniteCount.of(a.toType(DataType.FLOAT16, false)), "float32's largest value is +Inf in float16");
            assertEquals(0, NonFiniteCount.of(m.create(new float[] {1e30f, -1e30f, 0f})), "large finite values cancel exactly");
            assertEquals(0, NonFiniteCount.of(m.create(new int[] {Integer.MAX_VALUE, -1})));
            assertEquals(0, NonFiniteCount.of(m.create(new float[0])));
        }
    }

    @Test
    void writerRefusesNanAndInfNamingTheTensorAndCreatesNoFile() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
                Path file = dir.resolve("sub").resolve("net_g.safetensors");
                Map<String, NDArray> dict = new LinkedHashMap<>();
                dict.put("conv.bias", m.create(new float[] {1, 2}));
                dict.put("conv.weight", m.create(new float[] {1, bad, 3, bad}));
                NonFiniteTensorException e = assertThrows(NonFiniteTensorException.class, () -> SafeTensors.write(dict, file));
                assertEquals("conv.weight", e.tensor());
                assertEquals(2, e.count());
                assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("tensor 'conv.weight' holds 2 non-finite values"),
                        e.getMessage());
                assertFalse(Files.exists(file.getParent()), "nothing created, not even the folder or a temporary file");
            }
        }
    }

    @Test
    void copyRefusesASourceHoldingNanThatReachedTheDiskAnotherWay() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            Path src = dir.resolve("net_g_ema.safetensors");
            SafeTensors.write(Map.of("w", m.create(new float[] {1, 2, 3})), src);
            Path copy = dir.resolve("export").resolve("student.safetensors");
            SafeTensors.copy(src, copy);
            assertArrayEquals(new float[] {1, 2, 3}, SafeTensors.read(m, copy).get("w").toFloatArray());

            byte[] bytes = Files.readAllBytes(src); // the data section ends with 3.0f; make it NaN
            java.nio.ByteBuffer.wrap(bytes, bytes.length - 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(Float.NaN);
            Files.write(src, bytes);
            byte[] before = Files.readAllBytes(copy);
            NonFiniteTensorException e = assertThrows(NonFiniteTensorException.class, () -> SafeTensors.copy(src, copy));
            assertEquals("w", e.tensor());
            assertArrayEquals(before, Files.readAllBytes(copy), "the earlier copy stays as it was");
        }
    }

    @Test
    void aRefusedWriteLeavesTheEarlierFileUntouched() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            Path file = dir.resolve("student.safetensors");
            SafeTensors.write(Map.of("w", m.create(new float[] {1, 2, 3})), file);
            byte[] before = Files.readAllBytes(file);
            assertThrows(NonFiniteTensorException.class, () -> SafeTensors.write(Map.of("w", m.create(new float[] {1, Float.NaN, 3})), file));
            assertArrayEquals(before, Files.readAllBytes(file));
            try (Stream<Path> s = Files.list(dir)) {
                assertEquals(List.of(file), s.toList(), "no temporary file left");
            }
            assertArrayEquals(new float[] {1, 2, 3}, SafeTensors.read(m, file).get("w").toFloatArray());
        }
    }
}
