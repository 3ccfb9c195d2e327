package io.dckd.core.config;

/**
 * Measures how deeply a HOCON text nests objects and lists before Typesafe Config parses it: its
 * parser recurses once per level, so a file nested some thousands of levels deep ends in a
 * {@link StackOverflowError} instead of a message. Strings and comments are skipped; dotted keys
 * ({@code a.b.c = 1}) count one level per segment, as they build the same nested objects.
 */
public final class NestingDepth {

    /** Deeper than any real run config (the bundled ones stay under 8), far below what the parser survives. */
    public static final int LIMIT = 64;

    private NestingDepth() {}

    /** Throws a {@link ConfigProblem} naming {@code source} and the line where {@link #LIMIT} is passed. */
    public static void require(String text, String source) {
        int depth = 0;
        int line = 1;
        int keyDots = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                keyDots = 0;
            } else if (c == '"') {
                boolean triple = text.startsWith("\"\"\"", i);
                int end = triple ? text.indexOf("\"\"\"", i + 3) : closingQuote(text, i + 1);
                int stop = end < 0 ? n : end + (triple ? 3 : 1);
                line += count(text, i, stop);
                i = stop - 1;
            } else if (c == '#' || (c == '/' && i + 1 < n && text.charAt(i + 1) == '/')) {
                int end = text.indexOf('\n', i);
                i = (end < 0 ? n : end) - 1;
            } else if (c == '{' || c == '[') {
                depth++;
                keyDots = 0;
            } else if (c == '}' || c == ']') {
                depth = Math.max(0, depth - 1);
            } else if (c == '.') {
                keyDots++;
            } else if (c == ',' || c == '=' || c == ':') {
                keyDots = 0;
            }
            if (depth + keyDots > LIMIT) {
                throw new ConfigProblem(source + ":" + line + ": nested more than " + LIMIT
                        + " levels deep; dckd refuses configs this deep (a generated or corrupted file?)");
            }
        }
    }

    /** Index of the quote closing a single-quoted string started before {@code from}, or -1 (stops at a newline). */
    private static int closingQuote(String text, int from) {
        for (int j = from; j < text.length(); j++) {
            char c = text.charAt(j);
            if (c == '\\') {
                j++;
            } else if (c == '"' || c == '\n') {
                return c == '"' ? j : j - 1;
            }
        }
        return -1;
    }

    private static int count(String text, int from, int to) {
        int k = 0;
        for (int j = from; j < to && j < text.length(); j++) {
            if (text.charAt(j) == '\n') {
                k++;
            }
        }
        return k;
    }
}
