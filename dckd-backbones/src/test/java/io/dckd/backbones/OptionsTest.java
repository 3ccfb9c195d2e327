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

    /** The message of the ConfigException {@code factory} throws for the spec in {@code hocon}. */
    private static String failure(BackboneFactory factory, String hocon) {
        ComponentSpec spec = fromFile(hocon);
        return assertThrows(ConfigException.class, () -> factory.create(spec)).getMessage();
    }

    @Test
    void unknownKeyNamesKeyFileLineAndNearestKey() {
        String m = failure(new RCANFactory(), "network_g {\n  type = RCAN\n  num_fet = 32\n}\n");
        assertTrue(m.contains("num_fet"), m);
        assertTrue(m.contains("'num_feat'"), m);
        assertTrue(m.contains("train.conf: 3"), m);
    }

    @Test
    void unknownKeyInPresetSpecIsReported() {
        String m = failure(new SwinIRFactory(), "network_g {\n  type = swinir-s\n  upscale = 4\n  window = 8\n}\n");
        assertTrue(m.contains("'window'") && m.contains("'window_size'"), m);
        assertTrue(m.contains("train.conf: 4"), m);
    }

    @Test
    void badValuesPointAtTheirLine() {
        String up = failure(new SwinIRFactory(), "network_g {\n  type = SwinIR\n  upsampler = pixelshufle\n}\n");
        assertTrue(up.contains("pixelshufle") && up.contains("train.conf: 3"), up);
        String scale = failure(new EDSRFactory(), "network_g {\n  type = EDSR\n  upscale = 5\n}\n");
        assertTrue(scale.contains("upscale 5"), scale);
        String heads = failure(new SwinIRFactory(), "network_g {\n  type = SwinIR\n  depths = [2, 2]\n  num_heads = [6]\n}\n");
        assertTrue(heads.contains("num_heads"), heads);
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
