package io.dckd.launcher.cmd;

import com.typesafe.config.Config;
import io.dckd.core.config.RunConfig;
import io.dckd.core.train.ComponentTypeCheck;
import io.dckd.launcher.DckdApp;
import io.dckd.tasks.data.DatasetSections;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code -c FILE} and {@code --set key=value}. */
public final class ConfigOptions {

    @Option(names = {"-c", "--config"}, required = true, description = "run config: a HOCON file, or the name of a bundled config")
    String config;

    @Option(names = "--set", description = "override a key, e.g. --set train.total_iter=200 (repeatable)")
    List<String> sets = new ArrayList<>();

    /**
     * Loads the run config against the application's references, with the dataset defaults filled
     * in and every component type checked: what {@code dckd config} prints and {@code dckd train}
     * runs, refused by both alike before anything is built.
     */
    public Config load(DckdApp app) {
        return complete(RunConfig.load(RunConfig.locate(config, app.home()), sets, app.reference()), app);
    }

    /** A loaded run config with its dataset defaults, after the component type check. */
    public static Config complete(Config loaded, DckdApp app) {
        Config root = DatasetSections.withDefaults(loaded);
        ComponentTypeCheck.check(root, app.components());
        return root;
    }
}
