package io.dckd.core.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * A restoration network as inference sees it, whatever runs it (the DJL {@link io.dckd.core.train.Network},
 * an exported model in ONNX Runtime, {@link OnnxImageModel}): a float32 N×3×H×W batch in [0,1] in,
 * the restored batch out, plus what {@link TiledRestorer} and {@link TilePlanner} need to cut an
 * image into tiles.
 */
public interface ImageModel {

    /** Output pixels per input pixel along each side. */
    int scale();

    /** The grid tiles start on, in input pixels ({@link ReceptiveField#alignment}). */
    int alignment();

    /** A bound on the receptive-field radius, in input pixels ({@link ReceptiveField#radius}). */
    int radius();

    /** Estimated native memory of one forward, for automatic tile sizes. */
    Footprint footprint();

    /** The manager under which callers open scratch managers for inputs and outputs. */
    NDManager manager();

    /**
     * The restored batch for {@code x} of any height and width (padded to the model's size multiple
     * and cropped back where it needs one); no gradient. The result belongs to {@code x}'s manager.
     */
    NDArray infer(NDArray x);
}
