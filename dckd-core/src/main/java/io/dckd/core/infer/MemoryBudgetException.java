package io.dckd.core.infer;

/** A restore that cannot fit its memory budget, found before any memory was committed to it. */
public final class MemoryBudgetException extends RuntimeException {

    public MemoryBudgetException(String message) {
        super(message);
    }
}
