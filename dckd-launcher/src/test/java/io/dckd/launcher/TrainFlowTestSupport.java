package io.dckd.launcher;

import java.nio.file.Path;

/** Runs {@code dckd} with a test home and its (empty) plugins folder. */
final class TrainFlowTestSupport {

    private TrainFlowTestSupport() {}

    static int run(Path home, String... args) {
        String[] full = new String[args.length + 4];
        System.arraycopy(args, 0, full, 0, args.length);
        full[args.length] = "--home";
        full[args.length + 1] = home.toString();
        full[args.length + 2] = "--plugins-dir";
        full[args.length + 3] = home.resolve("plugins").toString();
        return Dckd.commandLine().execute(full);
    }
}
