package io.dckd.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.dckd.core.image.RgbImage;
import java.util.Arrays;

/** Conversions between {@link RgbImage} (heap, CHW) and 1×3×H×W NDArrays. */
public final class ImageTensors {

    private ImageTensors() {}

    /** A 1×3×H×W float32 array in {@code manager}. */
    public static NDArray toArray(NDManager manager, RgbImage img) {
        return manager.create(img.chw(), new Shape(1, 3, img.height(), img.width()));
    }

    /** The first image of a N×3×H×W array (values not clamped). */
    public static RgbImage toImage(NDArray batch) {
        long h = batch.getShape().get(2);
        long w = batch.getShape().get(3);
        float[] all = batch.toFloatArray();
        float[] first = all.length == 3 * h * w ? all : Arrays.copyOf(all, (int) (3 * h * w));
        return new RgbImage((int) w, (int) h, first);
    }
}
