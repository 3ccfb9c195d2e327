package io.dckd.core.data;

import java.util.List;

/**
 * A named validation set (BasicSR's {@code val_1}, {@code val_2}, ...), loaded once.
 *
 * @param name the set's name, e.g. {@code Set5} or {@code bundled}
 * @param samples its pairs, in file-name order
 */
public record ValidationSet(String name, List<Sample> samples) {}
