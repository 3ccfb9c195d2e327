package io.dckd.launcher.cmd;

import com.typesafe.config.Config;
import io.dckd.core.config.RunConfig;
import io.dckd.launcher.DckdApp;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code dckd config -c FILE}: prints the resolved run configuration. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Print the resolved configuration of a run.")
public final class ConfigCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() {
        try (DckdApp a = config.start()) {
            Config root = config.load(a);
            System.out.println(RunConfig.render(root));
        }
        return 0;
    }
}
