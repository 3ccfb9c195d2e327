package io.dckd.launcher.cmd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import io.dckd.core.infer.OnnxGeometry;
import io.dckd.core.infer.OnnxImageModel;
import io.dckd.core.io.StoredArchitecture;
import io.dckd.core.onnx.OnnxExport;
import io.dckd.core.onnx.OnnxRuntimeModel;
import io.dckd.core.onnx.OrtThreads;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.train.IoFaults;
import io.dckd.launcher.Dckd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A model that {@code dckd export} wrote, given as {@code --weights} to restore or eval: a file
 * named {@code *.onnx} runs in ONNX Runtime instead of being read as safetensors. Scale, task and
 * architecture come from the model's metadata props ({@link #SCALE}, ...); a model without them
 * needs {@code --scale}. Whatever is wrong with the file (unreadable, not ONNX, scale missing or
 * contradicted) is a usage error, exit 2.
 */
final class ExportedModel implements AutoCloseable {

    static final String ARCHITECTURE = OnnxExport.ARCHITECTURE;
    static final String OPTIONS = OnnxExport.OPTIONS;
    static final String SCALE = OnnxExport.SCALE;
    static final String TASK = OnnxExport.TASK;
    static final String SIZE_MULTIPLE = OnnxExport.SIZE_MULTIPLE;
    static final String VERSION = OnnxExport.VERSION;

    private final Path file;
    private final OnnxImageModel model;
    private final Map<String, String> metadata;

    private ExportedModel(Path file, OnnxImageModel model, Map<String, String> metadata) {
        this.file = file;
        this.model = model;
        this.metadata = metadata;
    }

    /** True for {@code --weights} that name an ONNX model. */
    static boolean isOnnx(Path weights) {
        return weights.getFileName() != null && weights.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx");
    }

    /**
     * Opens {@code file} in an ONNX Runtime session of {@code threads} intra-op threads (0: its default) and one inter-op thread.
     *
     * @param scale an explicit scale, or null to take the metadata's
     * @param scaleSource where {@code scale} comes from, for errors: {@code --scale}, the config's scale
     * @param missing what to give when neither the metadata nor {@code scale} says the scale
     */
    static ExportedModel open(Path file, Integer scale, String scaleSource, String missing, int threads) {
        return open(file, scale, scaleSource, missing, OrtThreads.of(threads));
    }

    /** {@link #open(Path, Integer, String, String, int)} with the session's thread pools {@code threads}. */
    static ExportedModel open(Path file, Integer scale, String scaleSource, String missing, OrtThreads threads) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new Dckd.UsageException("cannot read " + file + ": " + IoFaults.describe(e));
        }
        OnnxRuntimeModel ort;
        OnnxGeometry geometry;
        try {
            geometry = OnnxGeometry.of(bytes);
            ort = OnnxRuntimeModel.of(bytes, threads);
        } catch (IllegalArgumentException e) {
            throw new Dckd.UsageException(file + " is not a readable ONNX model (truncated or damaged?): " + e.getMessage());
        }
        try {
            Map<String, String> meta = ort.metadata();
            int s = scale(file, meta, scale, scaleSource, missing);
            OnnxImageModel model = new OnnxImageModel(ort, geometry, s, intProp(file, meta, SIZE_MULTIPLE, 1));
            requireScale(file, model, scaleSource, scale != null && !meta.containsKey(SCALE));
            System.err.println("dckd: " + file + " runs in ONNX Runtime (CPU): " + model.runtime().threads() + " threads");
            return new ExportedModel(file, model, meta);
        } catch (RuntimeException e) {
            ort.close();
            throw e;
        }
    }

    /** The model, for {@link io.dckd.core.infer.TiledRestorer} and {@link io.dckd.core.train.Validator}. */
    OnnxImageModel model() {
        return model;
    }

    /**
     * The network, scale and task the metadata records, for {@code eval} without {@code -c}; a usage
     * error naming {@code alternative} when it records none.
     */
    StoredArchitecture architecture(String alternative) {
        return recordedArchitecture(alternative).orElseThrow(() -> new Dckd.UsageException("give " + alternative + ": " + file
                + " carries no dckd metadata naming its architecture (" + ARCHITECTURE + ", " + OPTIONS + "; dckd export writes them)"));
    }

    /**
     * The network, scale and task the metadata records, or empty when it names no architecture (a
     * model dckd did not write); a usage error naming {@code alternative} when it names one but the
     * record is malformed or lacks the task of a scale-1 model.
     */
    Optional<StoredArchitecture> recordedArchitecture(String alternative) {
        String type = metadata.get(ARCHITECTURE);
        String options = metadata.get(OPTIONS);
        if (type == null || options == null) {
            return Optional.empty();
        }
        String task = metadata.getOrDefault(TASK, model.scale() > 1 ? "sr" : "");
        if (task.isEmpty()) {
            throw new Dckd.UsageException("give " + alternative + ": " + file + " records no task (" + TASK + ") and its scale is 1");
        }
        try {
            var params = ConfigFactory.parseString(options, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON)
                    .setOriginDescription(OPTIONS + " of " + file));
            return Optional.of(StoredArchitecture.of(new ComponentSpec(type, params, "--weights"), model.scale(), task));
        } catch (ConfigException e) {
            throw new Dckd.UsageException("the dckd metadata of " + file + " is malformed (" + e.getMessage() + "); give " + alternative);
        }
    }

    @Override
    public void close() {
        model.close();
    }

    private static int scale(Path file, Map<String, String> meta, Integer scale, String scaleSource, String missing) {
        if (!meta.containsKey(SCALE)) {
            if (scale == null) {
                throw new Dckd.UsageException("give " + missing + ": " + file + " carries no dckd metadata (" + SCALE
                        + "; models written by dckd export do), so its upscaling factor is unknown");
            }
            return scale;
        }
        int recorded = intProp(file, meta, SCALE, 1);
        if (scale != null && scale != recorded) {
            throw new Dckd.UsageException(scaleSource + " " + scale + " contradicts " + file + ", whose metadata records scale " + recorded);
        }
        return recorded;
    }

    private static int intProp(Path file, Map<String, String> meta, String key, int fallback) {
        String v = meta.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new Dckd.UsageException("the dckd metadata of " + file + " is malformed: " + key + " = '" + v + "' is not a positive integer");
    }

    // a --scale that no metadata backs is checked against one small forward
    private static void requireScale(Path file, OnnxImageModel model, String scaleSource, boolean check) {
        if (!check) {
            return;
        }
        int side = Math.max(8, model.alignment());
        try (NDManager m = model.manager().newSubManager()) {
            NDArray y = model.infer(m.zeros(new Shape(1, 3, side, side)));
            long out = y.getShape().get(2);
            if (y.getShape().dimension() != 4 || out != (long) side * model.scale()) {
                throw new Dckd.UsageException(scaleSource + " " + model.scale() + " does not match " + file + ": a " + side + "x" + side
                        + " input gives " + y.getShape());
            }
        } catch (IllegalStateException e) {
            throw new Dckd.UsageException(file + " does not run as an image model (N×3×H×W float in, image out): " + e.getMessage());
        }
    }
}
