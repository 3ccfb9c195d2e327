package io.dckd.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dckd.core.registry.PluginFailure;
import io.dckd.core.registry.UnknownComponentException;
import io.dckd.core.spi.Backbone;
import io.dckd.core.spi.ComponentSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real plugin jars, built in a temporary folder, loaded by dckd's PF4J host. */
class PluginLoadingTest {

    @Test
    void goodPluginIsListedAndUsableWhileBrokenOnesAreIsolated(@TempDir Path dir) throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        PluginJars.build(plugins, "tiny", ">=0.1.0", null,
                Map.of("org.acme.tiny.TinyFactory", PluginJars.backboneSource("org.acme.tiny", "TinyFactory", "Tiny", false)),
                List.of("org.acme.tiny.TinyFactory"));
        PluginJars.build(plugins, "broken", ">=0.1.0", null,
                Map.of("org.acme.broken.BrokenFactory", PluginJars.backboneSource("org.acme.broken", "BrokenFactory", "Broken", true)),
                List.of("org.acme.broken.BrokenFactory"));
        PluginJars.build(plugins, "future", ">=9.0.0", null,
                Map.of("org.acme.future.FutureFactory", PluginJars.backboneSource("org.acme.future", "FutureFactory", "Future", false)),
                List.of("org.acme.future.FutureFactory"));
        Files.write(plugins.resolve("garbage.jar"), new byte[] {1, 2, 3, 4});

        try (DckdApp app = DckdApp.start(dir, plugins)) {
            assertTrue(app.components().backbones().contains("tiny:Tiny"), app.components().backbones().names().toString());
            assertTrue(app.components().backbones().contains("RCAN"), "built-ins are still there");
            Backbone b = app.components().buildBackbone(ComponentSpec.of("tiny:Tiny"));
            assertEquals(1, b.scale());

            List<PluginFailure> failures = app.components().failures();
            String all = failures.toString();
            assertTrue(all.contains("broken") && all.contains("broken on purpose"), all);
            assertTrue(all.contains("future") && all.contains(">=9.0.0") && all.contains("0.1.0"), all);
            assertTrue(all.contains("garbage.jar"), all);

            UnknownComponentException e = assertThrows(UnknownComponentException.class,
                    () -> app.components().buildBackbone(ComponentSpec.of("broken:Broken")));
            assertTrue(e.getMessage().contains("broken on purpose"), e.getMessage());
        }
    }

    @Test
    void pluginCannotTakeABuiltInNameSilently(@TempDir Path dir) throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        // "dckd" is a default provider: its names are not prefixed, so "RCAN" collides with the built-in
        PluginJars.build(plugins, "dckd", ">=0.1.0", null,
                Map.of("org.acme.dup.DupFactory", PluginJars.backboneSource("org.acme.dup", "DupFactory", "RCAN", false)),
                List.of("org.acme.dup.DupFactory"));
        RuntimeException e = assertThrows(RuntimeException.class, () -> DckdApp.start(dir, plugins).close());
        assertTrue(e.getMessage().contains("'RCAN'") && e.getMessage().contains("built-in") && e.getMessage().contains("dckd@1.0.0"), e.getMessage());
    }
}
