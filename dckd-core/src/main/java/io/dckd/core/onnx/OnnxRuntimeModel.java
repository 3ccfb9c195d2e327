package io.dckd.core.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * An exported image network in an ONNX Runtime session (CPU): one float32 NCHW batch in, the
 * restored batch out, as DJL arrays.
 */
public final class OnnxRuntimeModel implements AutoCloseable {

    private final OrtSession session;
    private final String input;

    private OnnxRuntimeModel(OrtSession session) throws OrtException {
        this.session = session;
        this.input = session.getInputNames().iterator().next();
    }

    /** A session on a serialised model; {@code threads} intra-op threads (0: ONNX Runtime's default). */
    public static OnnxRuntimeModel of(byte[] model, int threads) {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            return new OnnxRuntimeModel(OrtEnvironment.getEnvironment().createSession(model, options));
        } catch (OrtException e) {
            throw new IllegalArgumentException("ONNX Runtime cannot load the model: " + e.getMessage(), e);
        }
    }

    /** The model's metadata props (dckd writes architecture, scale, options and version there). */
    public Map<String, String> metadata() {
        try {
            return session.getMetadata().getCustomMetadata();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot read the model metadata: " + e.getMessage(), e);
        }
    }

    /** The network's output for a float32 B×C×H×W batch, in the manager of {@code x}. */
    public NDArray forward(NDArray x) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        NDArray in = x.getDataType() == DataType.FLOAT32 ? x : x.toType(DataType.FLOAT32, false);
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(in.toFloatArray()), in.getShape().getShape());
             OrtSession.Result result = session.run(Map.of(input, tensor))) {
            OnnxTensor out = (OnnxTensor) result.get(0);
            FloatBuffer values = out.getFloatBuffer();
            float[] data = new float[values.remaining()];
            values.get(data);
            return x.getManager().create(data, new Shape(out.getInfo().getShape()));
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime forward failed on " + x.getShape() + ": " + e.getMessage(), e);
        }
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
