package io.dckd.core.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.dckd.core.onnx.OnnxRuntimeModel;

/**
 * An exported model ({@code dckd export}) run by ONNX Runtime as an {@link ImageModel}: inputs are
 * copied out of DJL, outputs come back as arrays of the input's manager (closed with it); this
 * model's own manager is only the parent of callers' scratch managers. Alignment and receptive
 * field come from the graph's initializers as {@link ReceptiveField} reads them off a DJL block,
 * so the tiles are those of the DJL network; the footprint is {@link OnnxGeometry}'s estimate.
 */
public final class OnnxImageModel implements ImageModel, AutoCloseable {

    private final OnnxRuntimeModel ort;
    private final OnnxGeometry geometry;
    private final int scale;
    private final int sizeMultiple;
    private final NDManager manager;

    /**
     * Takes ownership of {@code ort}.
     *
     * @param scale output pixels per input pixel
     * @param sizeMultiple the side multiple inputs are padded to (1: any size)
     */
    public OnnxImageModel(OnnxRuntimeModel ort, OnnxGeometry geometry, int scale, int sizeMultiple) {
        if (scale < 1 || sizeMultiple < 1) {
            throw new IllegalArgumentException("scale and size multiple must be >= 1, got " + scale + " and " + sizeMultiple);
        }
        this.ort = ort;
        this.geometry = geometry;
        this.scale = scale;
        this.sizeMultiple = sizeMultiple;
        this.manager = NDManager.newBaseManager();
        manager.setName("onnx-runtime");
    }

    @Override
    public int scale() {
        return scale;
    }

    @Override
    public int alignment() {
        return ReceptiveField.alignment(geometry.parameters(), sizeMultiple);
    }

    @Override
    public int radius() {
        return ReceptiveField.radius(geometry.parameters(), sizeMultiple);
    }

    @Override
    public Footprint footprint() {
        return geometry.footprint();
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public NDArray infer(NDArray x) {
        return PaddedForward.run(x, sizeMultiple, scale, ort::forward);
    }

    /** The ONNX Runtime session. */
    public OnnxRuntimeModel runtime() {
        return ort;
    }

    @Override
    public void close() {
        try {
            ort.close();
        } finally {
            manager.close();
        }
    }
}
