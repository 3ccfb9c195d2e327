package io.dckd.backbones;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dckd.core.registry.Presets;
import io.dckd.backbones.edsr.EDSRFactory;
import io.dckd.backbones.nafnet.NAFNetFactory;
import io.dckd.backbones.rcan.RCANFactory;
import io.dckd.backbones.restormer.RestormerFactory;
import io.dckd.backbones.swinir.SwinIRFactory;
import io.dckd.core.io.SafeTensors;
import io.dckd.core.spi.Backbone;
import io.dckd.core.spi.BackboneFactory;
import io.dckd.core.spi.ComponentSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** Test helpers: factories by type, specs from HOCON, fixtures from the class path. */
final class TestNets {

    /** The presets this module declares, resolved by the registry's one resolver. */
    static final Presets PRESETS = Presets.fromReference(TestNets.class.getClassLoader());

    private TestNets() {}

    static BackboneFactory factory(String typeOrPreset) {
        String type = PRESETS.typeOf(typeOrPreset).orElse(typeOrPreset);
        return switch (type) {
            case "RCAN" -> new RCANFactory();
            case "EDSR" -> new EDSRFactory();
            case "SwinIR" -> new SwinIRFactory();
            case "NAFNet" -> new NAFNetFactory();
            case "Restormer" -> new RestormerFactory();
            default -> throw new IllegalArgumentException(type);
        };
    }

    static ComponentSpec spec(String type, String hocon) {
        Config c = ConfigFactory.parseString(hocon);
        return ComponentSpec.of(type, c);
    }

    /** Creates and initialises (no re-init: for counting and loading). */
    static Backbone create(NDManager m, String type, String hocon, int h, int w) {
        Backbone b = factory(type).create(PRESETS.resolve(spec(type, hocon)));
        b.block().initialize(m, DataType.FLOAT32, new Shape(1, 3, h, w));
        return b;
    }

    static Map<String, NDArray> fixture(NDManager m, String path) {
        try (InputStream in = TestNets.class.getResourceAsStream("/fixtures/" + path)) {
            if (in == null) {
                throw new IllegalStateException("missing test fixture /fixtures/" + path);
            }
            return SafeTensors.read(m, in, path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double maxAbsDiff(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat();
    }
}
