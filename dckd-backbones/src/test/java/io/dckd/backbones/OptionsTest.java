package io.dckd.backbones;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.dckd.backbones.edsr.EDSRFactory;
import io.dckd.backbones.rcan.RCANFactory;
import io.dckd.backbones.swinir.SwinIRFactory;
import io.dckd.core.spi.BackboneFactory;
import io.dckd.core.spi.ComponentSpec;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Option binding: unknown keys, bad values, presets, registration. */
class OptionsTest {

    private static ComponentSpec fromFile(String hocon) {
        var root = ConfigFactory.parseString(hocon, ConfigParseOptions.defaults().setOriginDescription("train.conf"));
        return ComponentSpec.at(root, "network_g");
    }

    @Test
    void unknownKeyNamesKeyFileLineAndNearestKey() {
        ComponentSpec spec = fromFile("network_g {\n  type = RCAN\n  num_fet = 32\n}\n");
        ConfigException e = assertThrows(ConfigException.class, () -> new RCANFactory().create(spec));
        assertTrue(e.getMessage().contains("num_fet"), e.getMessage());
        assertTrue(e.getMessage().contains("'num_feat'"), e.getMessage());
        assertTrue(e.getMessage().contains("train.conf: 3"), e.getMessage());
    }

    @Test
    void unknownKeyInPresetSpecIsReported() {
        ComponentSpec spec = fromFile("network_g {\n  type = swinir-s\n  upscale = 4\n  window = 8\n}\n");
        ConfigException e = assertThrows(ConfigException.class, () -> new SwinIRFactory().create(spec));
        assertTrue(e.getMessage().contains("'window'") && e.getMessage().contains("'window_size'"), e.getMessage());
        assertTrue(e.getMessage().contains("train.conf: 4"), e.getMessage());
    }

    @Test
    void badValuesPointAtTheirLine() {
        ComponentSpec up = fromFile("network_g {\n  type = SwinIR\n  upsampler = pixelshufle\n}\n");
        ConfigException e = assertThrows(ConfigException.class, () -> new SwinIRFactory().create(up));
        assertTrue(e.getMessage().contains("pixelshufle") && e.getMessage().contains("train.conf: 3"), e.getMessage());
        ComponentSpec scale = fromFile("network_g {\n  type = EDSR\n  upscale = 5\n}\n");
        e = assertThrows(ConfigException.class, () -> new EDSRFactory().create(scale));
        assertTrue(e.getMessage().contains("upscale 5"), e.getMessage());
        ComponentSpec heads = fromFile("network_g {\n  type = SwinIR\n  depths = [2, 2]\n  num_heads = [6]\n}\n");
        e = assertThrows(ConfigException.class, () -> new SwinIRFactory().create(heads));
        assertTrue(e.getMessage().contains("num_heads"), e.getMessage());
    }

    @Test
    void presetsResolveToTheirTypeWithUserOverrides() {
        assertEquals(List.of("edsr-s", "edsr-t", "rcan", "rcan-s", "rcan-student", "rcan-t", "swinir-m", "swinir-s"),
                TestNets.PRESETS.names().stream().filter(n -> n.startsWith("rcan") || n.startsWith("swinir") || n.startsWith("edsr")).collect(Collectors.toList()));
        ComponentSpec resolved = TestNets.PRESETS.resolve(fromFile("network_g { type = rcan-s, upscale = 2 }"));
        assertEquals("RCAN", resolved.type());
        assertEquals(2, resolved.params().getInt("upscale"));
        assertEquals(32, resolved.params().getInt("num_feat"));
        assertEquals(4, new RCANFactory().create(ComponentSpec.of("rcan-s")).scale());
        assertEquals(8, new SwinIRFactory().create(ComponentSpec.of("swinir-m")).sizeMultiple());
        assertThrows(IllegalArgumentException.class, () -> new RCANFactory().create(ComponentSpec.of("swinir-s")));
    }

    @Test
    void factoriesAreRegisteredAsServices() {
        List<String> types = ServiceLoader.load(BackboneFactory.class).stream().map(p -> p.get().type()).collect(Collectors.toList());
        assertTrue(types.containsAll(List.of("RCAN", "EDSR", "SwinIR")), types.toString());
    }
}
