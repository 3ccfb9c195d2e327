package io.dckd.backbones.checkpoint;

import static io.dckd.backbones.checkpoint.CheckpointReaderTest.resource;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed and hostile checkpoints: each must fail with a typed IOException and a clear message. */
class HostileCheckpointTest {

    static NDManager manager;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    private <T extends IOException> T rejected(Class<T> type, Path file, String... fragments) {
        T e = assertThrows(type, () -> {
            try (NDManager sub = manager.newSubManager()) {
                CheckpointReader.read(sub, file, CheckpointOptions.defaults());
            }
        });
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message lacks '" + f + "': " + e.getMessage());
        }
        return e;
    }

    private Path pickleZip(String name, byte[] pkl) throws IOException {
        return PickleBytes.torchZip(dir.resolve(name), pkl, Map.of());
    }

    /** {'params': {'w': <value built by body>}} around a hostile value. */
    private static byte[] underParams(PickleBytes body) {
        return body.stop().bytes();
    }

    private static PickleBytes paramsWith() {
        return PickleBytes.proto(2).emptyDict().str("params").emptyDict().str("w");
    }

    @Test
    void osSystemReduceIsRefusedNamingTheGlobal() throws IOException {
        byte[] pkl = paramsWith().global("os", "system").str("touch /tmp/pwned").op(0x85).reduce().setitem().setitem().stop().bytes();
        UnsafePickleException e = rejected(UnsafePickleException.class, pickleZip("os.pth", pkl), "os.system", "nothing was executed");
        assertTrue(e.getMessage().contains("data.pkl"), e.getMessage());
        // the same with opaque globals disabled, and as a bare pickle
        assertThrows(UnsafePickleException.class, () -> new RestrictedUnpickler(pkl, "bare", false).load());
    }

    @Test
    void builtinsEvalPosixSystemAndSubprocessAreRefused() throws IOException {
        rejected(UnsafePickleException.class,
                pickleZip("eval.pth", paramsWith().global("builtins", "eval").str("1+1").op(0x85).reduce().setitem().setitem().stop().bytes()),
                "builtins.eval");
        rejected(UnsafePickleException.class,
                pickleZip("posix.pth", paramsWith().global("posix", "system").str("id").op(0x85).reduce().setitem().setitem().stop().bytes()),
                "posix.system");
        // protocol 4 STACK_GLOBAL + NEWOBJ
        byte[] p4 = PickleBytes.proto(4).op(0x8c).op(10).raw("subprocess".getBytes(StandardCharsets.US_ASCII))
                .op(0x8c).op(5).raw("Popen".getBytes(StandardCharsets.US_ASCII)).op(0x93).op(')').op(0x81).stop().bytes();
        rejected(UnsafePickleException.class, pickleZip("popen.pth", p4), "subprocess.Popen");
        // Python writes os.system as posix.system: a real pickle.dumps of a __reduce__ gadget
        byte[] python = {(byte) 0x80, 2, 'c', 'p', 'o', 's', 'i', 'x', '\n', 's', 'y', 's', 't', 'e', 'm', '\n', 'q', 0, 'X', 2, 0, 0, 0,
            'i', 'd', 'q', 1, (byte) 0x85, 'q', 2, 'R', 'q', 3, '.'};
        rejected(UnsafePickleException.class, pickleZip("python.pth", python), "posix.system");
    }

    @Test
    void unknownClassInsideTheStateDictIsNamed() throws IOException {
        byte[] pkl = paramsWith().global("mylib.layers", "FancyTensor").op(')').reduce().setitem().setitem().stop().bytes();
        rejected(UnsafePickleException.class, pickleZip("fancy.pth", pkl), "state dict entry 'w'", "mylib.layers.FancyTensor");
        // refused at once when opaque globals are off
        UnsafePickleException e = assertThrows(UnsafePickleException.class, () -> new RestrictedUnpickler(pkl, "x", false).load());
        assertTrue(e.getMessage().contains("mylib.layers.FancyTensor"), e.getMessage());
    }

    @Test
    void instObjAndUnknownOpcodesAreRefused() throws IOException {
        byte[] inst = PickleBytes.proto(2).mark().raw("i".getBytes(StandardCharsets.US_ASCII)).raw("os\nsystem\n".getBytes(StandardCharsets.US_ASCII)).stop().bytes();
        rejected(UnsafePickleException.class, pickleZip("inst.pth", inst), "INST");
        byte[] obj = PickleBytes.proto(2).mark().global("collections", "OrderedDict").op('o').stop().bytes();
        rejected(UnsafePickleException.class, pickleZip("obj.pth", obj), "OBJ");
        rejected(CheckpointFormatException.class, pickleZip("unknown.pth", PickleBytes.proto(2).op(0xff).stop().bytes()), "unknown pickle opcode 0xff");
        rejected(CheckpointFormatException.class, pickleZip("text.pth", PickleBytes.proto(2).raw("I42\n.".getBytes(StandardCharsets.US_ASCII)).bytes()),
                "protocol-0");
        rejected(UnsafePickleException.class, pickleZip("ext.pth", PickleBytes.proto(2).op(0x82).op(1).stop().bytes()), "EXT1");
        rejected(CheckpointFormatException.class, pickleZip("proto9.pth", PickleBytes.proto(9).emptyDict().stop().bytes()), "protocol 9");
    }

    @Test
    void deepNestingAndLongChainsFailCleanly() throws IOException {
        PickleBytes marks = PickleBytes.proto(2);
        for (int i = 0; i < 100_000; i++) {
            marks.mark();
        }
        rejected(CheckpointFormatException.class, pickleZip("marks.pth", marks.stop().bytes()), "nesting deeper than 1000");
        // a list nested 200,000 deep with a constant stack: parses, then is not a dict
        PickleBytes chain = PickleBytes.proto(2).op(']').op('q').op(0);
        for (int i = 0; i < 200_000; i++) {
            chain.op(']').op('q').op(1).op('a').op('0').op('h').op(1).op('q').op(0).op('0').op('h').op(0);
        }
        chain.op('0').op('h').op(0);
        rejected(CheckpointFormatException.class, pickleZip("chain.pth", chain.stop().bytes()), "holds a list at the top level");
        // the stack itself is bounded
        PickleBytes wide = PickleBytes.proto(2);
        for (int i = 0; i < RestrictedUnpickler.MAX_STACK + 1; i++) {
            wide.op('N');
        }
        rejected(CheckpointFormatException.class, pickleZip("wide.pth", wide.stop().bytes()), "value stack deeper");
    }

    @Test
    void truncatedAndInconsistentPicklesFailCleanly() throws IOException {
        byte[] real;
        try (ZipFile z = new ZipFile(resource("rcan-s/weights.pth").toFile())) {
            real = z.getInputStream(z.getEntry("weights/data.pkl")).readAllBytes();
        }
        for (int cut : new int[] {0, 1, 2, 3, 50, 175, 7000, real.length - 1}) {
            CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
                    () -> new RestrictedUnpickler(Arrays.copyOf(real, cut), "cut", true).load());
            assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("STOP"), e.getMessage());
        }
        // huge declared lengths never allocate: BINUNICODE8 of 2^62 bytes, LONG4 of 2^31 bytes
        byte[] huge = PickleBytes.proto(4).op(0x8d).raw(new byte[] {0, 0, 0, 0, 0, 0, 0, 0x40}).stop().bytes();
        rejected(CheckpointFormatException.class, pickleZip("huge.pth", huge), "truncated");
        byte[] long4 = PickleBytes.proto(2).op(0x8b).le32(0x7fffffff).stop().bytes();
        rejected(CheckpointFormatException.class, pickleZip("long4.pth", long4), "integer of 2147483647 bytes");
        rejected(CheckpointFormatException.class, pickleZip("memo.pth", PickleBytes.proto(2).op('h').op(7).stop().bytes()),
                "memo entry 7 is read before it is written");
        rejected(CheckpointFormatException.class, pickleZip("underflow.pth", PickleBytes.proto(2).op('s').stop().bytes()), "stack underflow");
        rejected(CheckpointFormatException.class, pickleZip("badutf8.pth", PickleBytes.proto(2).op(0x8c).op(2).op(0xc3).op(0x28).stop().bytes()),
                "not valid UTF-8");
        rejected(CheckpointFormatException.class, pickleZip("listkey.pth", PickleBytes.proto(2).emptyDict().op(']').op('N').setitem().stop().bytes()),
                "dict key of unsupported type list");
    }

    @Test
    void legacyAndPlainPicklesAreExplained() throws IOException {
        byte[] legacy = PickleBytes.proto(2).op(0x8a).op(0x0a).raw(new byte[] {0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a,
            (byte) 0xa8, 0x50, 0x19}).op('.').bytes();
        Path legacyFile = Files.write(dir.resolve("legacy.pth"), legacy);
        assertEquals(CheckpointFormat.TORCH_LEGACY, CheckpointFormat.detect(legacyFile));
        rejected(CheckpointFormatException.class, legacyFile, "legacy (non-zip)", "torch >= 1.6");
        rejected(CheckpointFormatException.class, Files.write(dir.resolve("plain.pkl"), PickleBytes.proto(2).emptyDict().stop().bytes()),
                "plain Python pickle");
        rejected(CheckpointFormatException.class, Files.write(dir.resolve("text.txt"), "hello world, not weights".getBytes(StandardCharsets.US_ASCII)),
                "not a checkpoint dckd can read");
        rejected(CheckpointFormatException.class, Files.write(dir.resolve("empty.pth"), new byte[0]), "<empty>");
    }

    @Test
    void brokenZipArchivesFailCleanly() throws IOException {
        byte[] pth = Files.readAllBytes(resource("rcan-s/weights.pth"));
        for (int cut : new int[] {4, 100, pth.length / 2, pth.length - 30}) {
            rejected(CheckpointFormatException.class, Files.write(dir.resolve("cut" + cut + ".pth"), Arrays.copyOf(pth, cut)), "zip archive");
        }
        rejected(CheckpointFormatException.class,
                PickleBytes.torchZip(dir.resolve("nopkl.pth"), null, Map.of("0", new byte[16])), "without <root>/data.pkl");
    }

    private static byte[] oneTensor(String cls, int numel, int offset, int[] size, int[] stride) {
        return PickleBytes.proto(2).emptyDict().str("params").emptyDict().str("w").tensor(cls, "0", numel, offset, size, stride)
                .setitem().setitem().stop().bytes();
    }

    @Test
    void storagesAndViewsAreCheckedAgainstEachOther() throws IOException {
        Path shortStorage = PickleBytes.torchZip(dir.resolve("short.pth"), oneTensor("FloatStorage", 100, 0, new int[] {100}, new int[] {1}),
                Map.of("0", new byte[8]));
        rejected(CheckpointFormatException.class, shortStorage, "tensor 'w'", "archive/data/0 is too short: 8 bytes", "needs 400");
        Path missing = PickleBytes.torchZip(dir.resolve("missing.pth"), oneTensor("FloatStorage", 2, 0, new int[] {2}, new int[] {1}), Map.of());
        rejected(CheckpointFormatException.class, missing, "archive/data/0 is missing");
        Path outside = PickleBytes.torchZip(dir.resolve("outside.pth"), oneTensor("FloatStorage", 4, 2, new int[] {2, 2}, new int[] {2, 1}),
                Map.of("0", new byte[16]));
        rejected(CheckpointFormatException.class, outside, "reaches element 5 of a storage of 4");
        Path broadcast = PickleBytes.torchZip(dir.resolve("bomb.pth"), oneTensor("FloatStorage", 1, 0, new int[] {100_000, 100_000},
                new int[] {0, 0}), Map.of("0", new byte[4]));
        rejected(CheckpointFormatException.class, broadcast, "tensors over 2 GiB are not supported");
        Path expand = PickleBytes.torchZip(dir.resolve("expand.pth"), oneTensor("FloatStorage", 1, 0, new int[] {1024, 1024},
                new int[] {0, 0}), Map.of("0", new byte[4]));
        rejected(CheckpointFormatException.class, expand, "exceed 8 times the storage bytes read");
        Path unknownStorage = PickleBytes.torchZip(dir.resolve("qint.pth"), oneTensor("QInt8Storage", 1, 0, new int[] {1}, new int[] {1}),
                Map.of("0", new byte[1]));
        rejected(UnsafePickleException.class, unknownStorage, "torch.QInt8Storage");
        // a legitimate column view of a 2x3 storage reads correctly
        byte[] floats = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putFloat(1).putFloat(2).putFloat(3).putFloat(4).putFloat(5)
                .putFloat(6).array();
        Path column = PickleBytes.torchZip(dir.resolve("column.pth"), oneTensor("FloatStorage", 6, 1, new int[] {2}, new int[] {3}),
                Map.of("0", floats));
        try (NDManager sub = manager.newSubManager()) {
            NDArray w = CheckpointReader.read(sub, column, CheckpointOptions.defaults()).get("w");
            assertArrayEquals(new float[] {2, 5}, w.toFloatArray());
        }
    }

    private Path safetensors(String name, String header, int dataBytes) throws IOException {
        return safetensors(name, header, new byte[dataBytes]);
    }

    private Path safetensors(String name, String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        return Files.write(dir.resolve(name), b.array());
    }

    private static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    /** Two F32 tensors, "a" [2] then "b" [2], with the given offsets, over {@code dataBytes} bytes. */
    private Path twoTensors(String name, String dtypeA, int[] a, int[] shapeA, int[] b, int dataBytes) throws IOException {
        return safetensors(name, "{\"a\":{\"dtype\":\"" + dtypeA + "\",\"shape\":" + Arrays.toString(shapeA) + ",\"data_offsets\":"
                + Arrays.toString(a) + "},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":" + Arrays.toString(b) + "}}", dataBytes);
    }

    @Test
    void safetensorsMustIndexEveryByteOfTheirDataExactlyOnce() throws IOException {
        // F32 data relabelled F16: "a" is the right length for its dtype, but half of its bytes belong to no tensor
        rejected(CheckpointFormatException.class, twoTensors("dtype.safetensors", "F16", new int[] {0, 4}, new int[] {2}, new int[] {8, 16}, 16),
                "tensor \"b\"", "leave bytes [4, 8) of the data section to no tensor", "after \"a\" [0, 4]");
        rejected(CheckpointFormatException.class, twoTensors("overlap.safetensors", "F32", new int[] {0, 8}, new int[] {2}, new int[] {4, 12}, 12),
                "tensor \"b\"", "data_offsets [4, 12] overlap tensor \"a\" [0, 8]");
        rejected(CheckpointFormatException.class, twoTensors("same.safetensors", "F32", new int[] {0, 8}, new int[] {2}, new int[] {0, 8}, 8),
                "overlap tensor");
        rejected(CheckpointFormatException.class, twoTensors("hole.safetensors", "F32", new int[] {4, 12}, new int[] {2}, new int[] {12, 20}, 20),
                "tensor \"a\"", "leave bytes [0, 4) of the data section to no tensor (before the first tensor)");
        rejected(CheckpointFormatException.class, twoTensors("trailing.safetensors", "F32", new int[] {0, 8}, new int[] {2}, new int[] {8, 16}, 20),
                "bytes [16, 20) at the end of the data section belong to no tensor (the last is \"b\", ending at 16)");
        rejected(CheckpointFormatException.class, safetensors("none.safetensors", "{\"__metadata__\":{}}", 4), "the header lists none");
        rejected(CheckpointFormatException.class, twoTensors("outside.safetensors", "F32", new int[] {0, 8}, new int[] {2}, new int[] {8, 16}, 12),
                "tensor \"b\"", "data_offsets [8, 16] lie outside the data section of 12 bytes");
        rejected(CheckpointFormatException.class, twoTensors("length.safetensors", "F64", new int[] {0, 8}, new int[] {2}, new int[] {8, 16}, 16),
                "tensor \"a\"", "span 8 bytes but shape and dtype need 16");
        // header order does not matter, and empty tensors take no bytes
        Path ok = twoTensors("ok.safetensors", "F32", new int[] {8, 8}, new int[] {0}, new int[] {0, 8}, 8);
        try (NDManager sub = manager.newSubManager()) {
            Map<String, NDArray> sd = CheckpointReader.read(sub, ok, CheckpointOptions.defaults());
            assertEquals(0, sd.get("a").size());
            assertEquals(2, sd.get("b").size());
        }
    }

    @Test
    void nanAndInfWeightsAreRefusedNamingTheTensorUnlessAllowed() throws IOException {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            Path st = safetensors("bad.safetensors", "{\"ok\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                    + "\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[4,16]}}", floats(1, 2, bad, bad));
            Path pth = PickleBytes.torchZip(dir.resolve("bad.pth"), oneTensor("FloatStorage", 3, 0, new int[] {3}, new int[] {1}),
                    Map.of("0", floats(bad, 2, 3)));
            for (Path file : new Path[] {st, pth}) {
                long expected = file == st ? 2 : 1;
                io.dckd.core.io.NonFiniteTensorException e = rejected(io.dckd.core.io.NonFiniteTensorException.class, file,
                        file.toString(), "tensor 'w' holds " + expected + " non-finite value", "of 3", "--allow-non-finite",
                        "path.allow_non_finite_weights = true");
                assertEquals("w", e.tensor());
                try (NDManager sub = manager.newSubManager()) {
                    NDArray w = CheckpointReader.read(sub, file, CheckpointOptions.defaults().withAllowNonFinite(true)).get("w");
                    assertEquals(expected, io.dckd.core.io.NonFiniteCount.of(w), "loaded as stored when allowed");
                }
            }
        }
        assertTrue(CheckpointOptions.from(com.typesafe.config.ConfigFactory.parseString("allow_non_finite = true")).allowNonFinite());
        assertTrue(!CheckpointOptions.defaults().allowNonFinite());
    }

    @Test
    void torchStoragesLongerThanDeclaredAreRefused() throws IOException {
        Path longer = PickleBytes.torchZip(dir.resolve("long.pth"), oneTensor("FloatStorage", 2, 0, new int[] {2}, new int[] {1}),
                Map.of("0", new byte[12]));
        rejected(CheckpointFormatException.class, longer, "tensor 'w'", "archive/data/0 holds 12 bytes", "declares 8");
    }

    private Path withLength(String name, long length) throws IOException {
        byte[] h = "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}".getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(length).put(h);
        return Files.write(dir.resolve(name), b.array());
    }

    @Test
    void hostileSafetensorsHeadersFailBeforeAnyAllocation() throws IOException {
        rejected(CheckpointFormatException.class, withLength("huge.safetensors", 1L << 62), "declares a header of 4611686018427387904 bytes");
        rejected(CheckpointFormatException.class, withLength("negative.safetensors", -1), "declares a header of 18446744073709551615 bytes");
        rejected(CheckpointFormatException.class, withLength("pastend.safetensors", 10_000), "fit the file");
        rejected(CheckpointFormatException.class, safetensors("eof.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8),
                "lie outside the data section of 8 bytes");
        rejected(CheckpointFormatException.class, safetensors("span.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,8]}}", 16),
                "span 8 bytes but shape and dtype need 16");
        rejected(CheckpointFormatException.class, safetensors("dtype.safetensors", "{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1),
                "dtype F8_E4M3 is not supported");
        rejected(CheckpointFormatException.class, safetensors("json.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],", 4), "JSON ends early");
        rejected(CheckpointFormatException.class, safetensors("deep.safetensors", "{\"w\":" + "[".repeat(5000) + "]".repeat(5000) + "}", 0),
                "nested deeper than 16");
        rejected(CheckpointFormatException.class, safetensors("dup.safetensors", "{\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]},"
                + "\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1), "duplicate key \"w\"");
        rejected(CheckpointFormatException.class, safetensors("neg.safetensors", "{\"w\":{\"dtype\":\"U8\",\"shape\":[-1],\"data_offsets\":[0,1]}}", 1),
                "negative dimension");
        rejected(CheckpointFormatException.class, safetensors("big.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[99999999999999999999],"
                + "\"data_offsets\":[0,1]}}", 1), "out-of-range number");
        rejected(CheckpointFormatException.class, Files.write(dir.resolve("tiny.safetensors"), new byte[] {2, 0, 0, 0, 0, 0, 0, 0, '{'}), "fit the file");
    }

    @Test
    void handWrittenSafetensorsWithBf16AndMetadataRead() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN);
        data.putShort((short) 0x3f80).putShort((short) 0xc020).put((byte) 1).put((byte) 0); // bf16 1.0, -2.5; bool true, false
        String header = "{\"__metadata__\":{\"format\":\"pt\"},\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]},"
                + "\"m\":{\"dtype\":\"BOOL\",\"shape\":[2],\"data_offsets\":[4,6]}}";
        Path file = safetensors("ok.safetensors", header, 6);
        byte[] all = Files.readAllBytes(file);
        System.arraycopy(data.array(), 0, all, all.length - 6, 6);
        Files.write(file, all);
        try (NDManager sub = manager.newSubManager()) {
            Map<String, NDArray> sd = CheckpointReader.read(sub, file, CheckpointOptions.defaults());
            assertArrayEquals(new float[] {1f, -2.5f}, sd.get("b").toFloatArray(), "bf16 widened exactly to float32");
            assertArrayEquals(new boolean[] {true, false}, sd.get("m").toBooleanArray());
        }
        assertEquals("BF16", Checkpoints.describe(file).tensors().get(0).dtype().safetensorsName());
    }
}
