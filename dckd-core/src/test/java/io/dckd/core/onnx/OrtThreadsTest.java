package io.dckd.core.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The thread settings reach ONNX Runtime's session options (the seam, not the timing). */
class OrtThreadsTest {

    /** Session options that record the thread counts they are given, as well as setting them. */
    private static final class RecordingOptions extends OrtSession.SessionOptions {
        final List<String> calls = new ArrayList<>();

        @Override
        public void setIntraOpNumThreads(int n) throws OrtException {
            calls.add("intra " + n);
            super.setIntraOpNumThreads(n);
        }

        @Override
        public void setInterOpNumThreads(int n) throws OrtException {
            calls.add("inter " + n);
            super.setInterOpNumThreads(n);
        }
    }

    @Test
    void intraOpThreadsAndOneInterOpThreadAreSetOnTheSessionOptions() throws Exception {
        try (RecordingOptions options = new RecordingOptions()) {
            OrtThreads.of(3).applyTo(options);
            assertEquals(List.of("intra 3", "inter 1"), options.calls);
        }
        try (RecordingOptions options = new RecordingOptions()) {
            OrtThreads.of(0).applyTo(options);
            assertEquals(List.of("intra 0", "inter 1"), options.calls, "0 leaves the intra-op pool to ONNX Runtime's default");
        }
    }

    @Test
    void describesBothPools() {
        assertEquals("2 intra-op, 1 inter-op", OrtThreads.of(2).toString());
        assertEquals("default intra-op (one per physical core), 1 inter-op", OrtThreads.of(0).toString());
    }

    @Test
    void negativeCountsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> OrtThreads.of(-1));
        assertThrows(IllegalArgumentException.class, () -> new OrtThreads(1, -2));
    }
}
