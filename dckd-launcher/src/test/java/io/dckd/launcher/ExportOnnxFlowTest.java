package io.dckd.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dckd.core.io.SafeTensors;
import io.dckd.core.nn.StateDict;
import io.dckd.core.onnx.OnnxRuntimeModel;
import io.dckd.core.spi.Backbone;
import io.dckd.core.spi.BackboneFactory;
import io.dckd.core.spi.ComponentSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code dckd export}: trained weights with dckd metadata become an ONNX model that ONNX Runtime
 * runs, float32 or with {@code --fp16} float16; the export stage writes one too with
 * {@code export.formats = [safetensors, onnx]} (here with {@code export.fp16}).
 */
class ExportOnnxFlowTest {

    @TempDir
    static Path home;

    static TinyRun tiny;
    static Path student;

    @BeforeAll
    static void train() throws Exception {
        tiny = new TinyRun(home, "export { formats = [safetensors, onnx], fp16 = true }");
        TinyRun.Result r = tiny.train();
        assertEquals(0, r.code(), r.err());
        student = tiny.run("tiny").resolve("export/student.safetensors");
    }

    @Test
    void theExportStageWritesTheFloat16OnnxModelNextToTheWeights() throws Exception {
        Path model = tiny.run("tiny").resolve("export/student.onnx");
        try (OnnxRuntimeModel ort = OnnxRuntimeModel.of(Files.readAllBytes(model), 1); NDManager m = NDManager.newBaseManager()) {
            assertTrue(ort.float16());
            Map<String, String> meta = ort.metadata();
            assertEquals("EDSR", meta.get("dckd.architecture"), meta.toString());
            assertEquals("4", meta.get("dckd.scale"), meta.toString());
            assertEquals("fp16", meta.get("dckd.precision"), meta.toString());
            assertTrue(meta.get("dckd.options").contains("\"num_feat\":8"), meta.toString());
            assertEquals(new Shape(1, 3, 52, 36), ort.forward(m.randomUniform(0, 1, new Shape(1, 3, 13, 9))).getShape());
        }
        String log = Files.readString(tiny.run("tiny").resolve("train.log"));
        assertTrue(log.contains("exported the student's float16 ONNX model, opset 17"), log);
    }

    @Test
    void anUnknownExportFormatIsAConfigurationErrorListingTheKnownOnes() {
        TinyRun.Result r = tiny.train("--set", "name=typo", "--set", "export.formats=[safetensors, onxx]");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("export.formats") && r.err().contains("[safetensors, onnx]"), r.err());
    }

    // SwinIR with an absolute position embedding (one fixed input size) has no ONNX rendering: the run
    // is refused before training, not at its export
    @Test
    void anArchitectureWithoutOnnxRenderingIsRefusedBeforeTraining() throws Exception {
        TinyRun swin = new TinyRun(home.resolve("swin"), "export.formats = [safetensors, onnx]");
        String conf = Files.readString(swin.conf);
        Files.writeString(swin.conf, conf.replace("network_g { type = edsr-t, num_feat = 8, num_block = 1 }",
                "network_g { type = swinir-s, upscale = 4, embed_dim = 12, depths = [1], num_heads = [2], window_size = 4, ape = true }"));
        TinyRun.Result r = swin.train();
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("export.formats includes onnx, but network_g (swinir-s) cannot be rendered as ONNX: SwinIR with ape = true"),
                r.err());
        assertTrue(!Files.exists(swin.run("tiny")), "no run directory");
    }

    @Test
    void fp16HalvesTheFileAndStaysCloseToTheDjlForward() throws Exception {
        Path full = home.resolve("fp32.onnx");
        Path half = home.resolve("fp16.onnx");
        assertEquals(0, LauncherCall.dckd("export", "--weights", student.toString(), "--output", full.toString()).code());
        LauncherCall.Result r = LauncherCall.dckd("export", "--weights", student.toString(), "--fp16", "--output", half.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("float16"), r.out());
        Matcher diff = Pattern.compile("max \\|ONNX Runtime - DJL\\| on a 2x3x19x23 probe: (\\S+)").matcher(r.out());
        assertTrue(diff.find(), r.out());
        // float16 images and weights: about 2^-11 relative to values near 1
        assertTrue(Double.parseDouble(diff.group(1)) <= 1e-2, r.out());
        double ratio = (double) Files.size(half) / Files.size(full);
        assertTrue(ratio > 0.45 && ratio < 0.6, "fp16/fp32 size " + ratio);
        try (OnnxRuntimeModel ort = OnnxRuntimeModel.of(Files.readAllBytes(half), 1)) {
            assertTrue(ort.float16());
            assertEquals("fp16", ort.metadata().get("dckd.precision"));
        }
        try (OnnxRuntimeModel ort = OnnxRuntimeModel.of(Files.readAllBytes(full), 1)) {
            assertEquals("fp32", ort.metadata().get("dckd.precision"));
        }
    }

    @Test
    void weightsWithMetadataExportWithoutFlagsAndRunInOnnxRuntime() throws Exception {
        Path model = home.resolve("student.onnx");
        LauncherCall.Result r = LauncherCall.dckd("export", "--weights", student.toString(), "--format", "onnx", "--output", model.toString());
        assertEquals(0, r.code(), r.err());
        assertProbeAgrees(r);
        try (OnnxRuntimeModel ort = OnnxRuntimeModel.of(Files.readAllBytes(model), 1); NDManager m = NDManager.newBaseManager()) {
            Map<String, String> meta = ort.metadata();
            assertEquals("EDSR", meta.get("dckd.architecture"), meta.toString());
            assertEquals("4", meta.get("dckd.scale"), meta.toString());
            assertTrue(meta.get("dckd.options").contains("\"num_feat\":8"), meta.toString());
            NDArray out = ort.forward(m.randomUniform(0, 1, new Shape(1, 3, 13, 9)));
            assertEquals(new Shape(1, 3, 52, 36), out.getShape());
        }
    }

    /**
     * Presets from plain state dicts: NAFNet pads inside its graph, Restormer (size multiple 8),
     * the VQGAN encoder (16; its first output, the 32-channel level-1 feature) and SwinIR (its window,
     * 8, with the shifted-window mask built in the graph for the padded size) in the exported one.
     */
    @ParameterizedTest
    @CsvSource({"nafnet-s, 1, 3", "restormer-s, 1, 3", "vq-tiny, 1, 32", "vq-cpu, 1, 32", "swinir-s, 2, 3"})
    void presetsExportWithBackboneAndScaleAndRunOnOddSizes(String preset, int scale, int outChannels) throws Exception {
        Path weights = home.resolve(preset + ".safetensors");
        try (NDManager m = NDManager.newBaseManager()) {
            Backbone b = presetBackbone(preset);
            b.block().initialize(m, DataType.FLOAT32, new Shape(1, 3, 16, 16));
            b.initializeWeights(3);
            SafeTensors.write(StateDict.of(b.block()), weights);
        }
        Path model = home.resolve(preset + ".onnx");
        // same-size networks (scale 1) without --scale: their default is 1, not the super-resolution default 4
        LauncherCall.Result r = scale == 1
                ? LauncherCall.dckd("export", "--backbone", preset, "--weights", weights.toString(), "--output", model.toString())
                : LauncherCall.dckd("export", "--backbone", preset, "--scale", Integer.toString(scale), "--weights", weights.toString(),
                        "--output", model.toString());
        assertEquals(0, r.code(), r.err());
        System.out.print(r.out());
        assertProbeAgrees(r);
        try (OnnxRuntimeModel ort = OnnxRuntimeModel.of(Files.readAllBytes(model), 1); NDManager m = NDManager.newBaseManager()) {
            assertEquals(new Shape(1, outChannels, 13 * scale, 9 * scale), ort.forward(m.randomUniform(0, 1, new Shape(1, 3, 13, 9))).getShape());
        }
    }

    /** A codebook stage's vq.safetensors (encoder, codebook and decoder in one file) exports its encoder. */
    @Test
    void aWholeAutoencoderFileExportsItsEncoder() throws Exception {
        Path weights = home.resolve("vq-cpu-autoencoder.safetensors");
        try (NDManager m = NDManager.newBaseManager()) {
            Backbone b = presetBackbone("vq-cpu");
            b.block().initialize(m, DataType.FLOAT32, new Shape(1, 3, 16, 16));
            b.initializeWeights(3);
            io.dckd.core.spi.CodebookEncoder enc = (io.dckd.core.spi.CodebookEncoder) b.block();
            ai.djl.nn.Block decoder = enc.newDecoder();
            decoder.initialize(m, DataType.FLOAT32, new Shape(1, enc.codeDim(), 4, 4));
            java.util.Map<String, ai.djl.ndarray.NDArray> all = new java.util.LinkedHashMap<>(StateDict.of(b.block()));
            all.putAll(StateDict.of(decoder));
            assertTrue(all.keySet().stream().anyMatch(k -> k.startsWith("decoder.")), all.keySet().toString());
            SafeTensors.write(all, weights);
        }
        LauncherCall.Result r = LauncherCall.dckd("export", "--backbone", "vq-cpu", "--scale", "1", "--weights", weights.toString(),
                "--output", home.resolve("vq-cpu-encoder.onnx").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("keys of the autoencoder's decoder side"), r.err());
        assertProbeAgrees(r);
    }

    // the export's own check: ONNX Runtime against the Java forward on a 2x3x19x23 probe
    private static void assertProbeAgrees(LauncherCall.Result r) {
        Matcher diff = Pattern.compile("max \\|ONNX Runtime - DJL\\| on a 2x3x19x23 probe: (\\S+)").matcher(r.out());
        assertTrue(diff.find(), r.out());
        assertTrue(Double.parseDouble(diff.group(1)) <= 1e-4, r.out());
    }

    private static Backbone presetBackbone(String preset) {
        Config p = ConfigFactory.defaultReference().getConfig("dckd.presets." + preset);
        for (BackboneFactory f : ServiceLoader.load(BackboneFactory.class)) {
            if (f.type().equals(p.getString("type"))) {
                return f.create(new ComponentSpec(f.type(), p, "dckd.presets." + preset));
            }
        }
        throw new AssertionError("no factory for " + preset);
    }

    @Test
    void anOpsetOutsideTheRenderedRangeIsAUsageError() {
        LauncherCall.Result r = LauncherCall.dckd("export", "--weights", student.toString(), "--opset", "12", "--output",
                home.resolve("old.onnx").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--opset"), r.err());
    }
}
