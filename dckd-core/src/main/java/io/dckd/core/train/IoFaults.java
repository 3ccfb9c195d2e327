package io.dckd.core.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Turns file-system exceptions into one readable line naming the path and the cause
 * ({@code /runs/x/checkpoints/.iter_00000004.tmp: No space left on device}). Java's
 * {@link FileSystemException}s often carry only the path as their message; the cause is the
 * exception's type or its {@code getReason()}.
 */
public final class IoFaults {

    private IoFaults() {}

    /** "path: cause" for {@code e} (or the innermost I/O exception of an unchecked wrapper). */
    public static String describe(Throwable e) {
        Throwable t = e;
        while ((t instanceof UncheckedIOException || !(t instanceof IOException)) && t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        if (t instanceof FileSystemException f) {
            String reason = f.getReason();
            if (reason == null) {
                if (f instanceof AccessDeniedException) {
                    reason = "permission denied";
                } else if (f instanceof FileAlreadyExistsException) {
                    reason = "a file is in the way (a folder is needed there)";
                } else if (f instanceof NoSuchFileException) {
                    reason = "no such file or folder";
                } else if (f instanceof NotDirectoryException) {
                    reason = "not a folder";
                } else {
                    reason = f.getClass().getSimpleName();
                }
            } else if (f instanceof FileAlreadyExistsException) {
                reason = reason + " (a file is in the way: a folder is needed there)";
            }
            String where = f.getFile() == null ? "" : f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile());
            return where.isEmpty() ? reason : where + ": " + reason;
        }
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
