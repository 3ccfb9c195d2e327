package io.dckd.launcher.cmd;

import io.dckd.core.config.KeyCheck;
import io.dckd.core.registry.Registered;
import io.dckd.core.spi.BackboneFactory;
import io.dckd.launcher.Dckd;
import io.dckd.launcher.DckdApp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dckd backbones}: every architecture and preset, with parameter counts at x2/x3/x4;
 * {@code --verbose} adds each preset's resolved options and the scales it builds at.
 */
@Command(name = "backbones", mixinStandardHelpOptions = true, description = "List architectures and presets with their parameter counts.")
public final class BackbonesCommand implements Callable<Integer> {

    @Mixin
    AppOptions app;

    @Option(names = {"-v", "--verbose"}, description = "per preset: the resolved network config (preset over the architecture's defaults), the scales it builds at and its parameters at each")
    boolean verbose;

    @Parameters(arity = "0..*", paramLabel = "PRESET", description = "only these presets (default: every preset)")
    List<String> only = new ArrayList<>();

    @Override
    public Integer call() {
        try (DckdApp a = app.start()) {
            List<String> presets = selected(a);
            if (only.isEmpty()) {
                System.out.println("architectures:");
                for (Registered<BackboneFactory> r : a.components().backbones().entries()) {
                    System.out.printf(Locale.ROOT, "  %-22s %s  [%s]%n", r.name(), r.component().description(), r.origin().shortForm());
                }
            }
            System.out.println(verbose ? "presets:" : "presets (parameters at x2 / x3 / x4; scale-1 networks once):");
            for (String name : presets) {
                PresetSummary p = PresetSummary.of(a, name);
                System.out.print(verbose ? p.verbose() : p.line() + System.lineSeparator());
            }
        }
        return 0;
    }

    private List<String> selected(DckdApp a) {
        var all = a.components().presetNames();
        for (String name : only) {
            if (!all.contains(name)) {
                String near = KeyCheck.nearest(name, all);
                throw new Dckd.UsageException("no preset '" + name + "'" + (near == null ? "" : " (did you mean '" + near + "'?)")
                        + "; presets: " + String.join(", ", all));
            }
        }
        return only.isEmpty() ? List.copyOf(all) : only;
    }
}
