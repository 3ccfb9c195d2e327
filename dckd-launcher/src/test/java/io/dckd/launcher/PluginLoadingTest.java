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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real plugin jars, built in a temporary folder, loaded by dckd's PF4J host. */
class PluginLoadingTest {

    @Test
    void goodPluginIsListedAndUsableWhileBrokenOnesAreIsolated(@TempDir Path dir) throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        PluginJars.backbonePlugin(plugins, "tiny", ">=0.1.0", "org.acme.tiny.TinyFactory", "Tiny", false);
        PluginJars.backbonePlugin(plugins, "broken", ">=0.1.0", "org.acme.broken.BrokenFactory", "Broken", true);
        PluginJars.backbonePlugin(plugins, "future", ">=9.0.0", "org.acme.future.FutureFactory", "Future", false);
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
        PluginJars.backbonePlugin(plugins, "dckd", ">=0.1.0", "org.acme.dup.DupFactory", "RCAN", false);
        RuntimeException e = assertThrows(RuntimeException.class, () -> DckdApp.start(dir, plugins).close());
        assertTrue(e.getMessage().contains("'RCAN'") && e.getMessage().contains("built-in") && e.getMessage().contains("dckd@1.0.0"), e.getMessage());
    }
}
