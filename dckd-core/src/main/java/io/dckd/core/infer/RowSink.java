package io.dckd.core.infer;

/**
 * Receives the rows of a restored image as they become final, so that a caller can keep the output
 * in whatever form it needs (a compact 8-bit raster for image files, floats for raw output) and the
 * restorer never holds more than one band of tiles in float.
 */
@FunctionalInterface
public interface RowSink {

    /**
     * Takes {@code rows} finished rows starting at output row {@code y0}.
     *
     * @param band planar RGB floats, {@code band[(c * bandHeight + y) * width + x]}; only its first
     *     {@code rows} rows are meant, and the array is reused after the call returns
     * @param bandHeight the plane height of {@code band}
     */
    void put(int y0, int rows, float[] band, int bandHeight);
}
