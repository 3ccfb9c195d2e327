package io.dckd.backbones.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import io.dckd.core.nn.TorchNames;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointReaderTest {

    static Path resource(String name) {
        try {
            return Path.of(CheckpointReaderTest.class.getResource("/fixtures/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void rcanPthUnderParamsEmaEqualsTheSafetensorsExactly() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            CheckpointOptions o = CheckpointOptions.defaults();
            Map<String, NDArray> pth = CheckpointReader.read(m, resource("rcan-s/weights.pth"), o);
            Map<String, NDArray> st = CheckpointReader.read(m, resource("rcan-s/weights.safetensors"), o);
            assertEquals(78, pth.size());
            assertEquals(st.keySet(), pth.keySet());
            assertEquals("conv_first.weight", pth.keySet().iterator().next(), "torch.save order is kept");
            long elements = 0;
            for (Map.Entry<String, NDArray> e : st.entrySet()) {
                NDArray a = pth.get(e.getKey());
                assertEquals(e.getValue().getShape(), a.getShape(), e.getKey());
                assertEquals(DataType.FLOAT32, a.getDataType());
                assertArrayEquals(e.getValue().toFloatArray(), a.toFloatArray(), 0f, e.getKey());
                elements += a.size();
            }
            assertEquals(252_755, elements, "RCAN-S parameter count in MANIFEST.json");
        }
    }

    @Test
    void describeListsTheSameTensorsWithoutLoadingThem() throws IOException {
        CheckpointDescription pth = Checkpoints.describe(resource("rcan-s/weights.pth"));
        CheckpointDescription st = Checkpoints.describe(resource("rcan-s/weights.safetensors"));
        assertEquals(CheckpointFormat.TORCH_ZIP, pth.format());
        assertEquals("params_ema", pth.selectedFrom());
        assertEquals(List.of("params_ema"), pth.topLevelKeys());
        assertEquals(CheckpointFormat.SAFETENSORS, st.format());
        assertEquals(new java.util.HashSet<>(st.tensors()), new java.util.HashSet<>(pth.tensors()));
        assertEquals(252_755, pth.parameterCount());
        assertTrue(pth.render().contains("conv_first.weight F32 [32, 3, 3, 3]"), pth.render());
    }

    @Test
    void formatIsDetectedFromBytesNotTheExtension(@TempDir Path dir) throws IOException {
        Path misnamed = Files.copy(resource("rcan-s/weights.pth"), dir.resolve("weights.safetensors"));
        Path misnamed2 = Files.copy(resource("rcan-s/weights.safetensors"), dir.resolve("weights.pth"));
        assertEquals(CheckpointFormat.TORCH_ZIP, CheckpointFormat.detect(misnamed));
        assertEquals(CheckpointFormat.SAFETENSORS, CheckpointFormat.detect(misnamed2));
        try (NDManager m = NDManager.newBaseManager()) {
            assertEquals(78, CheckpointReader.read(m, misnamed, CheckpointOptions.defaults()).size());
            assertEquals(78, CheckpointReader.read(m, misnamed2, CheckpointOptions.defaults()).size());
        }
    }

    @Test
    void everyDtypeStrideOffsetAndViewMatchesNumpy() throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> expected = (Map<String, Object>) BoundedJson.parse(
                Files.readString(resource("synthetic/dtypes.json")), "dtypes.json");
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> got = CheckpointReader.read(m, resource("synthetic/dtypes.pth"), CheckpointOptions.defaults());
            List<String> names = new ArrayList<>();
            expected.keySet().forEach(k -> names.add(k.startsWith("module.") ? k.substring(7) : k));
            assertEquals(names, List.copyOf(got.keySet()), "top-level state dict, module. stripped, order kept");
            for (Map.Entry<String, Object> e : expected.entrySet()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> x = (Map<String, Object>) e.getValue();
                NDArray a = got.get(e.getKey().startsWith("module.") ? e.getKey().substring(7) : e.getKey());
                String dtype = (String) x.get("dtype");
                assertEquals(TensorBytes.arrayType(TensorDType.fromSafetensors(dtype)), a.getDataType(), e.getKey());
                long[] shape = ((List<?>) x.get("shape")).stream().mapToLong(v -> (Long) v).toArray();
                assertArrayEquals(shape, a.getShape().getShape(), e.getKey());
                List<?> values = (List<?>) x.get("values");
                if (dtype.equals("BOOL")) {
                    boolean[] b = a.toBooleanArray();
                    for (int i = 0; i < b.length; i++) {
                        assertEquals(values.get(i), b[i], e.getKey());
                    }
                } else {
                    double[] want = values.stream().mapToDouble(v -> (Double) v).toArray();
                    try (NDArray d = a.toType(DataType.FLOAT64, true)) {
                        assertArrayEquals(want, d.toDoubleArray(), 0.0, e.getKey());
                    }
                }
            }
        }
    }

    @Test
    void lightningCheckpointSelectsStateDictAndKeepsHyperParametersOpaque() throws IOException {
        Path ckpt = resource("synthetic/lightning.ckpt");
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> sd = CheckpointReader.read(m, ckpt, CheckpointOptions.defaults().withStripPrefix("net_g."));
            assertEquals(List.of("conv.weight", "conv.bias", "num_batches_tracked"), List.copyOf(sd.keySet()));
            assertArrayEquals(new float[] {1, 2, 3, 4}, sd.get("conv.weight").toFloatArray());
            assertArrayEquals(new float[] {3, 4}, sd.get("conv.bias").toFloatArray());
            assertEquals(9L, sd.get("num_batches_tracked").getLong());
        }
        CheckpointDescription d = Checkpoints.describe(ckpt);
        assertEquals("state_dict", d.selectedFrom());
        assertTrue(d.topLevelKeys().containsAll(List.of("epoch", "hyper_parameters", "callbacks", "optimizer_states")));

        UnsafePickleException strict = assertThrows(UnsafePickleException.class,
                () -> Checkpoints.describe(ckpt, CheckpointOptions.defaults().withOpaqueGlobals(false)));
        assertTrue(strict.getMessage().contains("omegaconf.dictconfig.DictConfig"), strict.getMessage());

        CheckpointFormatException top = assertThrows(CheckpointFormatException.class,
                () -> Checkpoints.describe(ckpt, CheckpointOptions.defaults().withParamKey("")));
        assertTrue(top.getMessage().contains("top-level keys: ['epoch', 'global_step'"), top.getMessage());
    }

    @Test
    void fallsBackToParamsAndFiltersByPrefix() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> p5 = CheckpointReader.read(m, resource("synthetic/params-p5.pth"), CheckpointOptions.defaults());
            assertArrayEquals(new float[] {2, 3, 4}, p5.get("w").toFloatArray(), "protocol 5, under params, storage offset 1");

            Map<String, NDArray> body = CheckpointReader.read(m, resource("rcan-s/weights.pth"), CheckpointOptions.defaults().withPrefix("body."));
            assertEquals(68, body.size(), "keys starting with body. in the safetensors header");
            assertTrue(body.keySet().stream().allMatch(k -> k.startsWith("body.")), "prefix selection keeps names");
            CheckpointFormatException none = assertThrows(CheckpointFormatException.class,
                    () -> CheckpointReader.read(m, resource("rcan-s/weights.safetensors"), CheckpointOptions.defaults().withPrefix("encoder.")));
            assertTrue(none.getMessage().contains("no key starts with prefix 'encoder.'"), none.getMessage());
        }
    }

    @Test
    void loadIntoAndSaveSafetensorsRoundTrip(@TempDir Path dir) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            Linear linear = Linear.builder().setUnits(2).build();
            linear.initialize(m, DataType.FLOAT32, new Shape(1, 2));
            List<String> unused = Checkpoints.loadInto(linear, resource("synthetic/lightning.ckpt"),
                    CheckpointOptions.defaults().withPrefix("net_g.conv.").withStripPrefix("net_g.conv."), m);
            assertEquals(List.of(), unused);
            assertArrayEquals(new float[] {1, 2, 3, 4}, TorchNames.parameters(linear).get("weight").getArray().toFloatArray());

            Path saved = dir.resolve("linear.safetensors");
            Checkpoints.saveSafetensors(linear, saved);
            Linear copy = Linear.builder().setUnits(2).build();
            copy.initialize(m, DataType.FLOAT32, new Shape(1, 2));
            Checkpoints.loadInto(copy, saved, CheckpointOptions.defaults(), m);
            assertArrayEquals(new float[] {1, 2, 3, 4}, TorchNames.parameters(copy).get("weight").getArray().toFloatArray());
            assertArrayEquals(new float[] {3, 4}, TorchNames.parameters(copy).get("bias").getArray().toFloatArray());
            assertEquals(List.of("weight", "bias"), Checkpoints.describe(saved).tensors().stream().map(TensorInfo::name).sorted(
                    java.util.Comparator.reverseOrder()).toList());

            SequentialBlock conv = new SequentialBlock().add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(32).build());
            conv.initialize(m, DataType.FLOAT32, new Shape(1, 3, 8, 8));
            IllegalArgumentException strict = assertThrows(IllegalArgumentException.class,
                    () -> Checkpoints.loadInto(conv, resource("rcan-s/weights.pth"), CheckpointOptions.defaults(), m));
            assertTrue(strict.getMessage().contains("missing keys (2): 0.weight, 0.bias"), strict.getMessage());
            assertEquals(0, m.getManagedArrays().stream().filter(a -> a.getShape().equals(new Shape(32, 3, 3, 3))
                    && !a.equals(TorchNames.parameters(conv).get("0.weight").getArray())).count(), "temporaries closed");
        }
    }

    @Test
    void optionsBindFromConfigAndNameUnknownKeys() {
        CheckpointOptions d = CheckpointOptions.defaults();
        assertEquals(new CheckpointOptions("params_ema", "", "", true, true, false), d);
        CheckpointOptions o = CheckpointOptions.from(com.typesafe.config.ConfigFactory.parseString("param_key = params, strict = false"));
        assertEquals("params", o.paramKey());
        assertEquals(false, o.strict());
        com.typesafe.config.ConfigException e = assertThrows(com.typesafe.config.ConfigException.class,
                () -> CheckpointOptions.from(com.typesafe.config.ConfigFactory.parseString("param_keys = params")));
        assertTrue(e.getMessage().contains("did you mean 'param_key'"), e.getMessage());
    }
}
