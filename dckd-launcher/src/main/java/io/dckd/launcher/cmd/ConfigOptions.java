package io.dckd.launcher.cmd;

import com.typesafe.config.Config;
import io.dckd.core.config.RunConfig;
import io.dckd.core.train.ComponentTypeCheck;
import io.dckd.launcher.Dckd;
import io.dckd.launcher.DckdApp;
import io.dckd.tasks.data.DatasetSections;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code -c FILE} and {@code --set key=value}, with the options that start the application ({@link AppOptions}). */
public final class ConfigOptions {

    @Mixin
    AppOptions app;

    @Option(names = {"-c", "--config"}, description = "run config: a HOCON file, or the name of a bundled config")
    String config;

    @Option(names = "--set", description = "override a key, e.g. --set train.total_iter=200 (repeatable)")
    List<String> sets = new ArrayList<>();

    /** Starts the application (see {@link AppOptions#start}). */
    public DckdApp start() {
        return app.start();
    }

    /**
     * Loads the run config against the application's references, with the dataset defaults filled
     * in and every component type checked: what {@code dckd config} prints and {@code dckd train}
     * runs, refused by both alike before anything is built.
     */
    public Config load(DckdApp app) {
        if (config == null) {
            throw new Dckd.UsageException("missing the run config: -c/--config FILE (or the name of a bundled config)");
        }
        return complete(RunConfig.load(RunConfig.locate(config, app.home()), sets, app.reference()), app);
    }

    /** True when {@code -c} was given (only {@code dckd eval} can do without it). */
    public boolean given() {
        return config != null;
    }

    /** {@code user} (a config built in code, e.g. from a weights file's metadata) with the {@code --set} overrides, completed as {@link #load}. */
    public Config load(DckdApp app, Config user) {
        return complete(RunConfig.load(user, sets, app.reference()), app);
    }

    /** A loaded run config with its dataset defaults, after the component type check. */
    public static Config complete(Config loaded, DckdApp app) {
        Config root = DatasetSections.withDefaults(loaded);
        ComponentTypeCheck.check(root, app.components());
        return root;
    }
}
