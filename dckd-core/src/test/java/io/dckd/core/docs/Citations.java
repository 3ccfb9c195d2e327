package io.dckd.core.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds citations of Markdown documents in a source tree ({@code METHOD.md §2.1}, {@code ANCHORS.md},
 * {@code dckd-core/docs/METHOD.md}) and reports each one that does not resolve: the file is not in the
 * tree, or the cited section has no heading there. A path resolves against the tree's root or the
 * citing file's folder; a bare file name also resolves when exactly one file of that name exists.
 */
final class Citations {

    /** The method references: any mention of them must resolve, with or without a section. */
    static final Set<String> REFERENCES = Set.of("METHOD.md", "ANCHORS.md", "DESIGN.md");

    private static final Pattern CITATION = Pattern.compile("([A-Za-z0-9_./-]*?)([A-Za-z0-9_-]+\\.md)(\\s*§\\s*(\\d+(?:\\.\\d+)*))?");
    private static final Set<String> TEXT = Set.of("java", "md", "conf", "xml", "sh", "py", "properties", "txt", "yml");
    private static final Set<String> SKIPPED_DIRS = Set.of("target", ".git", "runs", "build", "node_modules");

    private final Path root;
    private final List<Path> files;

    Citations(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try (Stream<Path> s = Files.walk(this.root)) {
            this.files = s.filter(Files::isRegularFile).filter(this::scanned).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean scanned(Path p) {
        for (Path part : root.relativize(p)) {
            if (SKIPPED_DIRS.contains(part.toString())) {
                return false;
            }
        }
        String name = p.getFileName().toString();
        if (name.startsWith("Citations") && name.endsWith(".java")) {
            return false; // this scanner and its test hold deliberately broken examples
        }
        return TEXT.contains(name.substring(name.lastIndexOf('.') + 1));
    }

    /** Every citation in the tree, as "file:line: text". */
    List<String> all() {
        return scan(false);
    }

    /** The citations that do not resolve, each with the reason. */
    List<String> broken() {
        return scan(true);
    }

    private List<String> scan(boolean brokenOnly) {
        List<String> out = new ArrayList<>();
        for (Path f : files) {
            List<String> lines = read(f);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = CITATION.matcher(lines.get(i));
                while (m.find()) {
                    String name = m.group(2);
                    String section = m.group(4);
                    if (section == null && !REFERENCES.contains(name)) {
                        continue; // a file name (report.md, README.md), not a citation
                    }
                    String cited = m.group(1) + name;
                    String where = root.relativize(f) + ":" + (i + 1) + ": " + m.group().trim();
                    String problem = problem(f, cited, section);
                    if (!brokenOnly || problem != null) {
                        out.add(problem == null ? where : where + " -> " + problem);
                    }
                }
            }
        }
        return out;
    }

    private String problem(Path citing, String cited, String section) {
        Path target = resolve(citing, cited);
        if (target == null) {
            return "no such file in the repository (or the name is not unique)";
        }
        if (section != null && !hasHeading(target, section)) {
            return "no heading for section " + section + " in " + root.relativize(target);
        }
        return null;
    }

    private Path resolve(Path citing, String cited) {
        for (Path base : List.of(citing.getParent(), root)) {
            Path p = base.resolve(cited).normalize();
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        if (cited.contains("/")) {
            return null;
        }
        List<Path> named = files.stream().filter(p -> p.getFileName().toString().equals(cited)).toList();
        return named.size() == 1 ? named.get(0) : null;
    }

    /** True if {@code file} has a Markdown heading numbered {@code section} ("## 2." or "### 2.1 ..."). */
    static boolean hasHeading(Path file, String section) {
        Pattern heading = Pattern.compile("^#{1,6}\\s+" + Pattern.quote(section) + "\\.?(\\s|$).*");
        return read(file).stream().anyMatch(l -> heading.matcher(l).matches());
    }

    private static List<String> read(Path f) {
        try {
            return Files.readAllLines(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            try {
                return Files.readAllLines(f, StandardCharsets.ISO_8859_1);
            } catch (IOException e2) {
                throw new UncheckedIOException(e2);
            }
        }
    }
}
