package io.dckd.c10d;

import java.time.Duration;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.pytorch.AllreduceOptions;
import org.bytedeco.pytorch.GlooDeviceVector;
import org.bytedeco.pytorch.ProcessGroupGloo;
import org.bytedeco.pytorch.TensorVector;

/**
 * A c10d Gloo process group over TCP, as {@code torch.distributed.init_process_group("gloo")} makes
 * it: a {@code TCPStore} served by rank 0 at {@code host:port} for the rendezvous, then one
 * {@code ProcessGroupGloo} whose collectives time out after {@code timeout} (a rank that died makes
 * the others fail with Gloo's message, e.g. "Connection closed by peer", or after the timeout).
 */
public final class GlooProcessGroup implements AutoCloseable {

    private final int rank;
    private final int size;
    private long store;
    private long group;

    /** Joins the group; blocks until all {@code size} ranks have joined or {@code timeout} passed. */
    public GlooProcessGroup(String host, int port, int rank, int size, Duration timeout) {
        if (size < 1 || rank < 0 || rank >= size) {
            throw new IllegalArgumentException("rank " + rank + " of " + size + ": expected 0 <= rank < size");
        }
        C10d.load();
        this.rank = rank;
        this.size = size;
        long ms = timeout.toMillis();
        try {
            store = GlooNative.newTcpStore(host, port, rank == 0, size, ms);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("rank " + rank + " of " + size + ": the rendezvous at " + host + ":" + port
                    + " failed: " + firstLine(e), e);
        }
        long options = GlooNative.newGlooOptions(ms);
        ProcessGroupGloo.Options view = new ProcessGroupGloo.Options(new Pointer() {
            {
                address = options;
            }
        });
        view.devices(new GlooDeviceVector(ProcessGroupGloo.createDeviceForHostname(host)));
        try {
            group = GlooNative.newProcessGroupGloo(store, rank, size, options);
        } catch (IllegalStateException e) {
            GlooNative.release(store);
            store = 0;
            throw new IllegalStateException("rank " + rank + " of " + size + ": Gloo could not connect the ranks: "
                    + firstLine(e), e);
        }
    }

    public int rank() {
        return rank;
    }

    public int size() {
        return size;
    }

    /** Sums every tensor of {@code tensors} over the ranks, in place; blocks until done. */
    public void allReduceSum(TensorVector tensors) {
        if (group == 0) {
            throw new IllegalStateException("the process group is closed");
        }
        // c10d::AllreduceCoalescedOptions is AllreduceOptions with nothing added; the Java binding of
        // the former allocates nothing (its address is 0), so the latter is passed
        try (AllreduceOptions options = new AllreduceOptions()) {
            GlooNative.allreduceCoalesced(group, tensors.address(), options.address());
        } catch (IllegalStateException e) {
            throw new IllegalStateException("rank " + rank + " of " + size + ": all-reduce failed (a rank died or timed out): "
                    + firstLine(e), e);
        }
    }

    /** Leaves the group; after a failed collective, exit the process instead (Gloo's threads may hang). */
    @Override
    public void close() {
        if (group != 0) {
            GlooNative.release(group);
            group = 0;
        }
        if (store != 0) {
            GlooNative.release(store);
            store = 0;
        }
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
