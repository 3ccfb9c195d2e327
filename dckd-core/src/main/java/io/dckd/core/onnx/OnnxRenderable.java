package io.dckd.core.onnx;

/**
 * A block that renders its own forward as ONNX nodes, next to the forward in the same class: the
 * formula is written once as DJL operations ({@code forwardInternal}) and once as ONNX nodes here,
 * on the same parameters and children, so an exported graph is the network the Java forward runs.
 *
 * <p>Children are rendered through {@link OnnxRenderer#render(ai.djl.nn.Block, String)}, parameters
 * become initializers named by their PyTorch state-dict keys through
 * {@link OnnxRenderer#parameter(ai.djl.nn.Parameter)}. The rendering is the inference forward
 * ({@code training = false}); extra outputs after the image (feature taps) are not rendered.
 */
public interface OnnxRenderable {

    /** Emits this block's inference forward applied to value {@code input}; returns the output value's name. */
    String render(OnnxRenderer r, String input);
}
