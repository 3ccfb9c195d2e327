package io.dckd.core.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.util.Map;

/**
 * An exported image network in an ONNX Runtime session (CPU): one NCHW batch in, the restored batch
 * out, as float32 DJL arrays. A float16 model (its input is float16) is fed and read in float16,
 * converted with {@link Float16}.
 */
public final class OnnxRuntimeModel implements AutoCloseable {

    private final OrtSession session;
    private final String input;
    private final boolean half;
    private final OrtThreads threads;

    private OnnxRuntimeModel(OrtSession session, OrtThreads threads) throws OrtException {
        this.session = session;
        this.threads = threads;
        this.input = session.getInputNames().iterator().next();
        this.half = ((TensorInfo) session.getInputInfo().get(input).getInfo()).type == OnnxJavaType.FLOAT16;
    }

    /** A session on a serialised model; {@code threads} intra-op threads (0: ONNX Runtime's default), one inter-op. */
    public static OnnxRuntimeModel of(byte[] model, int threads) {
        return of(model, OrtThreads.of(threads));
    }

    /** A session on a serialised model with the thread pools {@code threads}. */
    public static OnnxRuntimeModel of(byte[] model, OrtThreads threads) {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            threads.applyTo(options);
            return new OnnxRuntimeModel(OrtEnvironment.getEnvironment().createSession(model, options), threads);
        } catch (OrtException e) {
            throw new IllegalArgumentException("ONNX Runtime cannot load the model: " + e.getMessage(), e);
        }
    }

    /** The thread pools this session was created with. */
    public OrtThreads threads() {
        return threads;
    }

    /** The model's metadata props (dckd writes architecture, scale, options and version there). */
    public Map<String, String> metadata() {
        try {
            return session.getMetadata().getCustomMetadata();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot read the model metadata: " + e.getMessage(), e);
        }
    }

    /** True for a float16 model (float16 input; the batch is rounded to float16 on the way in). */
    public boolean float16() {
        return half;
    }

    /** The network's output for a float32 B×C×H×W batch, in the manager of {@code x}. */
    public NDArray forward(NDArray x) {
        NDArray in = x.getDataType() == DataType.FLOAT32 ? x : x.toType(DataType.FLOAT32, false);
        try (OnnxTensor tensor = tensor(in.toFloatArray(), in.getShape().getShape());
             OrtSession.Result result = session.run(Map.of(input, tensor))) {
            OnnxTensor out = (OnnxTensor) result.get(0);
            return x.getManager().create(values(out), new Shape(out.getInfo().getShape()));
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime forward failed on " + x.getShape() + ": " + e.getMessage(), e);
        }
    }

    private OnnxTensor tensor(float[] values, long[] shape) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        if (!half) {
            return OnnxTensor.createTensor(env, FloatBuffer.wrap(values), shape);
        }
        ShortBuffer bits = ShortBuffer.allocate(values.length);
        for (float v : values) {
            bits.put(Float16.fromFloat(v));
        }
        return OnnxTensor.createTensor(env, bits.flip(), shape, OnnxJavaType.FLOAT16);
    }

    private static float[] values(OnnxTensor out) {
        if (out.getInfo().type == OnnxJavaType.FLOAT16) {
            ShortBuffer bits = out.getShortBuffer();
            float[] data = new float[bits.remaining()];
            for (int i = 0; i < data.length; i++) {
                data[i] = Float16.toFloat(bits.get());
            }
            return data;
        }
        FloatBuffer values = out.getFloatBuffer();
        float[] data = new float[values.remaining()];
        values.get(data);
        return data;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close the ONNX Runtime session: " + e.getMessage(), e);
        }
    }
}
