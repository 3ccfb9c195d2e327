package io.dckd.core.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Removing a folder with everything in it (checkpoints replaced or pruned, runs started afresh). */
public final class FileTrees {

    private FileTrees() {}

    /** Deletes {@code root} and everything under it, children before parents; a missing {@code root} is left missing. */
    public static void delete(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> deepestFirst;
        try (Stream<Path> s = Files.walk(root)) {
            deepestFirst = s.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : deepestFirst) {
            Files.deleteIfExists(p);
        }
    }
}
