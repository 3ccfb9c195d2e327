package io.dckd.launcher.cmd;

import com.typesafe.config.ConfigFactory;
import io.dckd.launcher.DckdApp;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by every command that starts the application. */
public final class AppOptions {

    @Option(names = "--home", description = "dckd installation folder (bundled configs, data, plugins); default: $DCKD_HOME or the current folder")
    Path home;

    @Option(names = "--plugins-dir", description = "folder of plugin jars; default: <home>/plugins")
    Path pluginsDir;

    /** The installation folder. */
    public Path home() {
        if (home != null) {
            return home;
        }
        String env = System.getProperty("dckd.home", System.getenv("DCKD_HOME"));
        return Path.of(env != null ? env : ".");
    }

    /** Starts the application. */
    public DckdApp start() {
        Path h = home();
        System.setProperty("dckd.home", h.toString());
        ConfigFactory.invalidateCaches();
        return DckdApp.start(h, pluginsDir);
    }
}
