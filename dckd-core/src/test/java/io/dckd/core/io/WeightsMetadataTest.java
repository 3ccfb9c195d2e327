package io.dckd.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every safetensors file dckd writes carries {@code __metadata__}, which reads back as written; files without it read as empty. */
class WeightsMetadataTest {

    @TempDir
    Path dir;

    @Test
    void metadataAndTensorsRoundTrip() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> dict = new LinkedHashMap<>();
            dict.put("conv.weight", m.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3)));
            dict.put("conv.bias", m.create(new float[] {7}));
            Path file = dir.resolve("w.safetensors");
            WeightsMetadata meta = WeightsMetadata.empty().with("architecture", "rcan-s").with("network", "{\"type\":\"RCAN\",\"n\":\"x\\\"y\"}")
                    .with("iteration", 100L);
            SafeTensors.write(dict, file, meta);

            WeightsMetadata back = WeightsMetadata.read(file);
            assertEquals(WeightsMetadata.stamp().with(meta), back);
            assertEquals("pt", back.get(WeightsMetadata.FORMAT).orElseThrow());
            assertEquals("100", back.get("iteration").orElseThrow());
            Map<String, NDArray> tensors = SafeTensors.read(m, file);
            assertEquals(List.of("conv.weight", "conv.bias"), List.copyOf(tensors.keySet()));
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, tensors.get("conv.weight").toFloatArray());
            assertEquals(new Shape(2, 3), tensors.get("conv.weight").getShape());
            long headerLength = ByteBuffer.wrap(Files.readAllBytes(file), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            assertEquals(0, headerLength % 8, "the data section starts aligned");

            Path copy = dir.resolve("copy.safetensors");
            SafeTensors.copy(file, copy, WeightsMetadata.empty().with("selected", "best"));
            assertEquals(back.with("selected", "best"), WeightsMetadata.read(copy), "a copy keeps the metadata, extra entries on top");
        }
    }

    @Test
    void plainWritesCarryTheStamp() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Path file = dir.resolve("plain.safetensors");
            SafeTensors.write(Map.of("x", m.create(new float[] {1})), file);
            assertEquals(WeightsMetadata.stamp(), WeightsMetadata.read(file));
            assertTrue(WeightsMetadata.read(file).get(WeightsMetadata.VERSION).isPresent());
        }
    }

    @Test
    void filesWithoutMetadataReadAsEmpty() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {1, 2});
            a.setName("x");
            Path djl = dir.resolve("djl.safetensors");
            try (OutputStream out = Files.newOutputStream(djl)) {
                new NDList(a).encode(out, NDList.Encoding.SAFETENSORS);
            }
            assertTrue(WeightsMetadata.read(djl).isEmpty(), "as official checkpoints: no __metadata__");
            Path pth = dir.resolve("model.pth");
            Files.write(pth, new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0, 0, 0, 0, 0});
            assertTrue(WeightsMetadata.read(pth).isEmpty(), "not a safetensors file");
            assertTrue(WeightsMetadata.read(dir.resolve("missing")).isEmpty());
        }
    }
}
