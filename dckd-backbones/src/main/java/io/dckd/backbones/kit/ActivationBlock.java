package io.dckd.backbones.kit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.dckd.core.onnx.OnnxRenderable;
import io.dckd.core.onnx.OnnxRenderer;
import java.util.List;
import java.util.Map;

/**
 * An element-wise activation as a named block ({@code nn.ReLU}, {@code nn.Sigmoid},
 * {@code nn.LeakyReLU(slope)}): the same DJL op as {@link Activation}'s lambda blocks, which the
 * ONNX renderer could not tell apart.
 */
public final class ActivationBlock extends AbstractBlock implements OnnxRenderable {

    private enum Kind { RELU, SIGMOID, LEAKY_RELU }

    private final Kind kind;
    private final float slope;

    private ActivationBlock(Kind kind, float slope) {
        this.kind = kind;
        this.slope = slope;
    }

    /** {@code nn.ReLU()}: max(x, 0). */
    public static ActivationBlock relu() {
        return new ActivationBlock(Kind.RELU, 0f);
    }

    /** {@code nn.Sigmoid()}: 1 / (1 + e^−x). */
    public static ActivationBlock sigmoid() {
        return new ActivationBlock(Kind.SIGMOID, 0f);
    }

    /** {@code nn.LeakyReLU(slope)}: x for x ≥ 0, slope·x below. */
    public static ActivationBlock leakyRelu(float slope) {
        return new ActivationBlock(Kind.LEAKY_RELU, slope);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(switch (kind) {
            case RELU -> Activation.relu(x);
            case SIGMOID -> Activation.sigmoid(x);
            case LEAKY_RELU -> Activation.leakyRelu(x, slope);
        });
    }

    @Override
    public String render(OnnxRenderer r, String input) {
        return switch (kind) {
            case RELU -> r.graph().op("Relu", input);
            case SIGMOID -> r.graph().op("Sigmoid", input);
            case LEAKY_RELU -> r.graph().op("LeakyRelu", List.of(input), Map.of("alpha", slope));
        };
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
