package io.dckd.core.config;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code include} statements of a config file (and of the files it includes) before
 * Typesafe Config parses it, because HOCON silently skips an include that finds nothing: a typo in
 * an include name, or a name not ending in {@code .conf} (HOCON then looks for
 * {@code name.conf}, {@code name.json}, {@code name.properties} only), would run with default
 * settings. Such includes are reported as warnings naming the including file and line; a missing
 * {@code include required(...)} is an error naming them. Every file read is also checked for
 * {@link NestingDepth}.
 */
public final class IncludeScan {

    private static final Pattern INCLUDE = Pattern.compile(
            "(?m)(?:^|[{,])[ \\t]*include[ \\t]+(required[ \\t]*\\([ \\t]*)?(?:(file|classpath|url)[ \\t]*\\([ \\t]*)?\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
    private static final List<String> EXTENSIONS = List.of(".conf", ".json", ".properties");
    private static final int MAX_FILES = 256;

    private final Consumer<String> warnings;
    private final Set<Path> seen = new HashSet<>();

    private IncludeScan(Consumer<String> warnings) {
        this.warnings = warnings;
    }

    /** Scans {@code file} and what it includes; warnings go to {@code warnings}, errors are thrown. */
    public static void scan(Path file, Consumer<String> warnings) {
        new IncludeScan(warnings).visit(file);
    }

    private void visit(Path file) {
        Path key = file.toAbsolutePath().normalize();
        if (!seen.add(key) || seen.size() > MAX_FILES) {
            return; // a cycle or a huge include graph: Typesafe Config reports it while parsing
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (MalformedInputException e) {
            return; // not UTF-8: the parser names the file and the problem
        } catch (IOException e) {
            throw new ConfigProblem("cannot read " + file + ": " + e);
        }
        NestingDepth.require(text, file.toString());
        Matcher m = INCLUDE.matcher(text);
        while (m.find()) {
            int line = 1 + (int) text.substring(0, m.start(3)).chars().filter(c -> c == '\n').count();
            String kind = m.group(2);
            if ("url".equals(kind) || "classpath".equals(kind)) {
                continue; // not files next to the config; the parser reports required ones
            }
            try {
                check(file, line, m.group(3), m.group(1) != null, "file".equals(kind));
            } catch (InvalidPathException e) {
                throw new ConfigProblem(file + ":" + line + ": include \"" + m.group(3) + "\" is not a valid file name: " + e.getReason());
            }
        }
    }

    /** {@code fromWorkingDir}: {@code include file(...)} names a path relative to the working directory, as Typesafe Config reads it. */
    private void check(Path including, int line, String name, boolean required, boolean fromWorkingDir) {
        Path base = fromWorkingDir ? Path.of("").toAbsolutePath() : including.toAbsolutePath().getParent();
        Path named = base.resolve(name);
        List<Path> candidates = new ArrayList<>();
        if (EXTENSIONS.stream().anyMatch(name::endsWith)) {
            candidates.add(named);
        } else {
            EXTENSIONS.forEach(ext -> candidates.add(base.resolve(name + ext)));
        }
        Path found = candidates.stream().filter(Files::isRegularFile).findFirst().orElse(null);
        String where = including + ":" + line;
        String stmt = (required ? "include required(\"" : "include \"") + name + (required ? "\")" : "\"");
        if (found == null) {
            String why = Files.isRegularFile(named)
                    ? name + " exists but is not read: HOCON includes only names ending in .conf, .json or .properties"
                    : "no such file (looked for " + String.join(", ", candidates.stream().map(Path::toString).toList()) + ")";
            if (required) {
                throw new ConfigProblem(where + ": " + stmt + ": " + why);
            }
            warnings.accept(where + ": " + stmt + " includes nothing: " + why + "; its settings do not apply");
            return;
        }
        if (found.toString().endsWith(".conf")) {
            visit(found);
        }
    }
}
