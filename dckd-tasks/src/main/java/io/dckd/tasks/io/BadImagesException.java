package io.dckd.tasks.io;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every unreadable image a tool met in one pass over a folder, so that the user learns about all of
 * them from one run instead of fixing them one failed run at a time. Each entry is the
 * {@link BadImageException} naming its file and what is wrong; the message lists them, one a line.
 */
public class BadImagesException extends IOException {

    private final transient List<BadImageException> failures;

    /** @param summary what was not done because of the files, e.g. "2 unreadable images, nothing scored" */
    public BadImagesException(String summary, List<BadImageException> failures) {
        super(summary + ":" + failures.stream().map(f -> "\n  " + f.getMessage()).collect(Collectors.joining()));
        this.failures = List.copyOf(failures);
    }

    /** The files that could not be read, in the order they were met. */
    public List<BadImageException> failures() {
        return failures;
    }
}
