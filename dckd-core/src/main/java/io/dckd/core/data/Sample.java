package io.dckd.core.data;

import io.dckd.core.image.RgbImage;

/**
 * One training or validation pair: the degraded input and its ground truth.
 *
 * @param name image name (file name without extension) for reports
 * @param lq degraded input (LR for super-resolution)
 * @param gt ground truth; its size is {@code scale} times the input's
 */
public record Sample(String name, RgbImage lq, RgbImage gt) {}
