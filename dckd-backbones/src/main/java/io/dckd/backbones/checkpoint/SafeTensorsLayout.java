package io.dckd.backbones.checkpoint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Checks that the tensors of a safetensors header tile its data section exactly: sorted by offsets,
 * each tensor begins where the previous one ends, the first at 0 and the last at the end of the data.
 *
 * <p>Why: the safetensors format requires a fully indexed, non-overlapping buffer (the format notes
 * of the safetensors README: the byte buffer must be entirely indexed and contain no holes, which
 * also prevents polyglot files; the reference implementation's {@code Metadata::validate} refuses
 * any other layout with {@code InvalidOffset} or {@code MetadataIncompleteBuffer}). Each tensor being the right length for
 * its dtype and shape is not enough: a tensor relabelled from F32 to F16 with halved offsets, or a
 * tensor whose offsets were moved onto its neighbour's bytes, passes that test and loads garbage
 * (a black output image). Such a file was not written by a safetensors writer, so it is refused,
 * naming the tensor where the layout breaks.
 */
final class SafeTensorsLayout {

    private SafeTensorsLayout() {}

    /**
     * @param tensors the entries (each already checked: {@code 0 <= begin <= end <= dataBytes})
     * @param dataBytes length of the data section
     * @throws CheckpointFormatException naming the overlapping tensors, the tensor after a hole, or
     *     the unindexed bytes at the end
     */
    static void requireExactCover(List<SafeTensorsHeader.Entry> tensors, long dataBytes, String source) throws CheckpointFormatException {
        List<SafeTensorsHeader.Entry> sorted = new ArrayList<>(tensors);
        sorted.sort(Comparator.comparingLong(SafeTensorsHeader.Entry::begin).thenComparingLong(SafeTensorsHeader.Entry::end));
        long expected = 0;
        SafeTensorsHeader.Entry previous = null;
        for (SafeTensorsHeader.Entry t : sorted) {
            if (t.begin() < expected) {
                throw new CheckpointFormatException(where(source, t) + "data_offsets [" + t.begin() + ", " + t.end() + "] overlap tensor \""
                        + previous.name() + "\" [" + previous.begin() + ", " + previous.end() + "]; the safetensors format gives every"
                        + " byte of the data section to exactly one tensor");
            }
            if (t.begin() > expected) {
                throw new CheckpointFormatException(where(source, t) + "data_offsets [" + t.begin() + ", " + t.end() + "] leave bytes ["
                        + expected + ", " + t.begin() + ") of the data section to no tensor ("
                        + (previous == null ? "before the first tensor" : "after \"" + previous.name() + "\" [" + previous.begin() + ", "
                        + previous.end() + "]") + "); a dtype or shape that does not match the stored bytes leaves such a hole,"
                        + " and the safetensors format allows none");
            }
            expected = t.end();
            previous = t;
        }
        if (expected != dataBytes) {
            throw new CheckpointFormatException("safetensors file " + source + ": bytes [" + expected + ", " + dataBytes + ") at the end of the"
                    + " data section belong to no tensor" + (previous == null ? " (the header lists none)" : " (the last is \""
                    + previous.name() + "\", ending at " + expected + ")") + "; the safetensors format allows no unindexed bytes");
        }
    }

    private static String where(String source, SafeTensorsHeader.Entry t) {
        return "safetensors header of " + source + ", tensor \"" + t.name() + "\": ";
    }
}
