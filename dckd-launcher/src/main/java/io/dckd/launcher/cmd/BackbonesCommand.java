package io.dckd.launcher.cmd;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.dckd.core.nn.TorchNames;
import io.dckd.core.registry.Registered;
import io.dckd.core.spi.Backbone;
import io.dckd.core.spi.BackboneFactory;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.launcher.DckdApp;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code dckd backbones}: every architecture and preset, with parameter counts at x2/x3/x4. */
@Command(name = "backbones", mixinStandardHelpOptions = true, description = "List architectures and presets with their parameter counts.")
public final class BackbonesCommand implements Callable<Integer> {

    @Mixin
    AppOptions app;

    @Override
    public Integer call() {
        try (DckdApp a = app.start()) {
            System.out.println("architectures:");
            for (Registered<BackboneFactory> r : a.components().backbones().entries()) {
                System.out.printf(Locale.ROOT, "  %-22s %s  [%s]%n", r.name(), r.component().description(), r.origin().shortForm());
            }
            System.out.println("presets (parameters at x2 / x3 / x4; scale-1 networks once):");
            for (String name : a.components().presetNames()) {
                String type = a.components().preset(name).getString("type");
                StringBuilder counts = new StringBuilder();
                for (int s : new int[] {2, 3, 4}) {
                    String c = count(a, name, s);
                    if (c == null) {
                        break;
                    }
                    counts.append(counts.length() == 0 ? "" : " / ").append(c);
                }
                if (counts.length() == 0) {
                    counts.append(count(a, name, 1));
                }
                System.out.printf(Locale.ROOT, "  %-16s %-12s %s%n", name, type, counts);
            }
        }
        return 0;
    }

    private static String count(DckdApp a, String preset, int scale) {
        try (NDManager m = NDManager.newBaseManager()) {
            var params = ConfigFactory.empty();
            if (scale != 1) {
                params = params.withValue("upscale", ConfigValueFactory.fromAnyRef(scale));
            }
            Backbone b = a.components().buildBackbone(ComponentSpec.of(preset, params));
            if (scale != 1 && b.scale() != scale) {
                return null;
            }
            int side = Math.max(16, b.sizeMultiple());
            b.block().initialize(m, DataType.FLOAT32, new Shape(1, 3, side, side));
            return String.format(Locale.ROOT, "%,d", TorchNames.count(b.block()));
        } catch (RuntimeException e) {
            return scale == 1 ? "error: " + e.getMessage() : null;
        }
    }
}
