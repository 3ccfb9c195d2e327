package io.dckd.launcher;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** One launcher call in this JVM with the bundled home ({@code src/dist}) and a plugins folder (by default an empty one). */
final class LauncherCall {

    /** Exit code, standard output and standard error (picocli's and System.err, where warnings go) of one launcher call. */
    record Result(int code, String out, String err) {}

    private static Path noPlugins;

    private LauncherCall() {}

    /** A call with an empty plugins folder: built-in components only. */
    static synchronized Result dckd(String... args) {
        try {
            if (noPlugins == null) {
                noPlugins = java.nio.file.Files.createTempDirectory("dckd-no-plugins");
                noPlugins.toFile().deleteOnExit();
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return dckd(noPlugins, args);
    }

    static Result dckd(Path pluginsDir, String... args) {
        String[] full = new String[args.length + 4];
        System.arraycopy(args, 0, full, 0, args.length);
        full[args.length] = "--home";
        full[args.length + 1] = "src/dist";
        full[args.length + 2] = "--plugins-dir";
        full[args.length + 3] = pluginsDir.toString();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream sysErr = new ByteArrayOutputStream();
        ByteArrayOutputStream sysOut = new ByteArrayOutputStream();
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        int code;
        try {
            System.setErr(new PrintStream(sysErr, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(sysOut, true, StandardCharsets.UTF_8));
            var cl = Dckd.commandLine();
            cl.setErr(new PrintWriter(err, true));
            code = cl.execute(full);
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
        return new Result(code, sysOut.toString(StandardCharsets.UTF_8), err + sysErr.toString(StandardCharsets.UTF_8));
    }
}
