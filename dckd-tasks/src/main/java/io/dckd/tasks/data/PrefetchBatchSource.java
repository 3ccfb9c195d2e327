package io.dckd.tasks.data;

import io.dckd.core.data.Batch;
import io.dckd.core.data.BatchSource;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * A {@link BatchSource} that builds batches on worker threads into a bounded look-ahead window
 * ({@code prefetch} batches beyond the consumer's position). Batch {@code b} is a pure function of
 * its index ({@code maker}), so the stream is identical whatever the thread timing, and
 * {@link #skipTo} only moves the window.
 */
public final class PrefetchBatchSource implements BatchSource {

    private final LongFunction<Batch> maker;
    private final int prefetch;
    private final Thread[] threads;
    private final Object lock = new Object();
    private final Map<Long, Batch> ready = new HashMap<>();
    private long position;
    private long nextToBuild;
    private long generation;
    private RuntimeException failure;
    private boolean closed;

    /**
     * @param maker builds batch {@code b} (deterministically from b)
     * @param workers worker threads
     * @param prefetch batches prepared ahead of the consumer
     */
    public PrefetchBatchSource(LongFunction<Batch> maker, int workers, int prefetch) {
        this.maker = maker;
        this.prefetch = Math.max(1, prefetch);
        this.threads = new Thread[Math.max(1, workers)];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(this::work, "dckd-data-" + i);
            threads[i].setDaemon(true);
            threads[i].start();
        }
    }

    private void work() {
        while (true) {
            long idx, gen;
            synchronized (lock) {
                while (!closed && (failure != null || nextToBuild >= position + prefetch)) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                idx = nextToBuild++;
                gen = generation;
            }
            Batch b = null;
            RuntimeException err = null;
            try {
                b = maker.apply(idx);
            } catch (RuntimeException | Error e) {
                err = new IllegalStateException("data loading failed for batch " + idx + ": " + e.getMessage(), e);
            }
            synchronized (lock) {
                if (gen == generation) {
                    if (err != null) {
                        failure = err;
                    } else {
                        ready.put(idx, b);
                    }
                }
                lock.notifyAll();
            }
        }
    }

    @Override
    public Batch next() {
        synchronized (lock) {
            while (!ready.containsKey(position)) {
                if (failure != null) {
                    throw failure;
                }
                if (closed) {
                    throw new IllegalStateException("batch source is closed");
                }
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for a batch", e);
                }
            }
            Batch b = ready.remove(position);
            position++;
            lock.notifyAll();
            return b;
        }
    }

    @Override
    public long position() {
        synchronized (lock) {
            return position;
        }
    }

    @Override
    public void skipTo(long newPosition) {
        if (newPosition < 0) {
            throw new IllegalArgumentException("position must be >= 0, got " + newPosition);
        }
        synchronized (lock) {
            generation++;
            ready.clear();
            failure = null;
            position = newPosition;
            nextToBuild = newPosition;
            lock.notifyAll();
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            ready.clear();
            lock.notifyAll();
        }
        for (Thread t : threads) {
            t.interrupt();
        }
        for (Thread t : threads) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
