package io.dckd.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.dckd.core.spi.Backbone;
import io.dckd.core.spi.BackboneFactory;
import io.dckd.core.spi.ComponentSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryErrorsTest {

    /** A backbone factory that only has a name. */
    record Named(String type) implements BackboneFactory {
        @Override
        public Backbone create(ComponentSpec spec) {
            throw new UnsupportedOperationException();
        }
    }

    private static Map<Spi, List<Registered<Object>>> builtIns(String... names) {
        Map<Spi, List<Registered<Object>>> m = new EnumMap<>(Spi.class);
        m.put(Spi.BACKBONE, java.util.Arrays.stream(names)
                .map(n -> new Registered<Object>(n, new Named(n), Origin.builtIn(Named.class))).toList());
        return m;
    }

    @Test
    void duplicateNameNamesBothSources() {
        PluginContribution p = new PluginContribution("acme", "1.2.0", "acme.jar",
                Map.of(Spi.BACKBONE, List.of(new Named("RCAN"))), ConfigFactory.empty(), true);
        DuplicateComponentException e = assertThrows(DuplicateComponentException.class,
                () -> ComponentDiscovery.merge(builtIns("RCAN", "EDSR"), List.of(p)));
        assertTrue(e.getMessage().contains("'RCAN'"), e.getMessage());
        assertTrue(e.getMessage().contains("built-in"), e.getMessage());
        assertTrue(e.getMessage().contains("acme@1.2.0 (acme.jar)"), e.getMessage());
    }

    @Test
    void pluginNamesArePrefixedUnlessDefaultProvider() {
        PluginContribution p = new PluginContribution("acme", "1.0.0", "acme.jar",
                Map.of(Spi.BACKBONE, List.of(new Named("RCAN"))), ConfigFactory.empty(), false);
        var merged = ComponentDiscovery.merge(builtIns("RCAN"), List.of(p));
        assertEquals(List.of("RCAN", "acme:RCAN"), List.copyOf(merged.get(Spi.BACKBONE).keySet()));
    }

    @Test
    void unknownNameGivesKeyFileLineAndAvailableNames(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run.conf");
        Files.writeString(file, "name = x\nnetwork_g {\n  type = RCNA\n  num_feat = 8\n}\n");
        Config root = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults());
        Components c = Components.of(ComponentDiscovery.merge(builtIns("RCAN", "EDSR", "SwinIR"), List.of()),
                ConfigFactory.empty(), List.of(new PluginFailure("acme", "acme.jar", "failed to start: boom")));
        UnknownComponentException e = assertThrows(UnknownComponentException.class,
                () -> c.backbones().get(ComponentSpec.at(root, "network_g")));
        String m = e.getMessage();
        assertTrue(m.contains("run.conf: 3"), m);
        assertTrue(m.contains("network_g.type"), m);
        assertTrue(m.contains("did you mean 'RCAN'"), m);
        assertTrue(m.contains("EDSR, RCAN, SwinIR"), m);
        assertTrue(m.contains("acme") && m.contains("boom"), "names the plugin that failed: " + m);
    }

    @Test
    void presetResolvesToItsArchitectureWithUserValuesOnTop() {
        Config presets = ConfigFactory.parseString("\"rcan-s\" { type = RCAN, num_feat = 32, num_group = 2 }");
        Components c = Components.of(ComponentDiscovery.merge(builtIns("RCAN"), List.of()), presets, List.of());
        ComponentSpec spec = c.resolvePreset(ComponentSpec.of("rcan-s", ConfigFactory.parseString("num_group = 3")));
        assertEquals("RCAN", spec.type());
        assertEquals(32, spec.params().getInt("num_feat"));
        assertEquals(3, spec.params().getInt("num_group"));
    }
}
