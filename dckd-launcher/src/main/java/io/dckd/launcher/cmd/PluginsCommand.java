package io.dckd.launcher.cmd;

import io.dckd.core.registry.ComponentRegistry;
import io.dckd.core.registry.PluginFailure;
import io.dckd.core.registry.Registered;
import io.dckd.core.registry.Spi;
import io.dckd.launcher.DckdApp;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code dckd plugins}: every component name per SPI with its origin, and the plugins that failed. */
@Command(name = "plugins", mixinStandardHelpOptions = true, description = "List every component per extension point, with its origin.")
public final class PluginsCommand implements Callable<Integer> {

    @Mixin
    AppOptions app;

    @Override
    public Integer call() {
        try (DckdApp a = app.start()) {
            for (Map.Entry<Spi, ComponentRegistry<?>> e : a.components().all().entrySet()) {
                System.out.printf("%s (%s):%n", e.getKey().kind(), e.getKey().type().getSimpleName());
                for (Registered<?> r : e.getValue().entries()) {
                    System.out.printf("  %-28s %s%n", r.name(), r.origin().shortForm()
                            + (r.origin().isPlugin() ? "" : "  " + r.origin().source()));
                }
            }
            System.out.println("presets: " + String.join(", ", a.components().presetNames()));
            for (var p : a.plugins().contributions()) {
                System.out.printf("plugin %s@%s started (%s)%n", p.id(), p.version(), p.source());
            }
            for (PluginFailure f : a.components().failures()) {
                System.out.println("FAILED " + f);
            }
        }
        return 0;
    }
}
