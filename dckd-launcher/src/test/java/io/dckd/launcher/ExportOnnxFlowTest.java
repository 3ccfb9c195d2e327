package io.dckd.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.dckd.core.onnx.OnnxRuntimeModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dckd export}: trained weights with dckd metadata become an ONNX model that ONNX Runtime runs. */
class ExportOnnxFlowTest {

    @TempDir
    static Path home;

    static Path student;

    @BeforeAll
    static void train() throws Exception {
        TinyRun tiny = new TinyRun(home);
        TinyRun.Result r = tiny.train();
        assertEquals(0, r.code(), r.err());
        student = tiny.run("tiny").resolve("export/student.safetensors");
    }

    @Test
    void weightsWithMetadataExportWithoutFlagsAndRunInOnnxRuntime() throws Exception {
        Path model = home.resolve("student.onnx");
        LauncherCall.Result r = LauncherCall.dckd("export", "--weights", student.toString(), "--format", "onnx", "--output", model.toString());
        assertEquals(0, r.code(), r.err());
        Matcher diff = Pattern.compile("max \\|ONNX Runtime - DJL\\| on a 2x3x19x23 probe: (\\S+)").matcher(r.out());
        assertTrue(diff.find(), r.out());
        assertTrue(Double.parseDouble(diff.group(1)) <= 1e-4, r.out());
        try (OnnxRuntimeModel ort = OnnxRuntimeModel.of(Files.readAllBytes(model), 1); NDManager m = NDManager.newBaseManager()) {
            Map<String, String> meta = ort.metadata();
            assertEquals("EDSR", meta.get("dckd.architecture"), meta.toString());
            assertEquals("4", meta.get("dckd.scale"), meta.toString());
            assertTrue(meta.get("dckd.options").contains("\"num_feat\":8"), meta.toString());
            NDArray out = ort.forward(m.randomUniform(0, 1, new Shape(1, 3, 13, 9)));
            assertEquals(new Shape(1, 3, 52, 36), out.getShape());
        }
    }

    @Test
    void anOpsetOutsideTheRenderedRangeIsAUsageError() {
        LauncherCall.Result r = LauncherCall.dckd("export", "--weights", student.toString(), "--opset", "12", "--output",
                home.resolve("old.onnx").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--opset"), r.err());
    }
}
