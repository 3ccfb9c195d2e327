package io.dckd.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.dckd.core.spi.ComponentSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The architecture written into weights metadata reads back as a buildable spec, and contradictions are named. */
class StoredArchitectureTest {

    private static ComponentSpec resolvedRcanS() {
        // what Components.resolvePreset makes of { type = rcan-s }, upscale filled from scale = 4
        return new ComponentSpec("RCAN", ConfigFactory.parseString(
                "type = RCAN, preset = rcan-s, num_feat = 32, num_group = 2, upscale = 4, img_range = 255.0"), "network_g");
    }

    @Test
    void roundTripThroughMetadata() {
        StoredArchitecture a = StoredArchitecture.of(resolvedRcanS(), 4, "sr");
        WeightsMetadata m = a.addTo(WeightsMetadata.stamp());
        assertEquals("rcan-s", m.get(StoredArchitecture.ARCHITECTURE).orElseThrow());
        assertEquals("4", m.get(StoredArchitecture.SCALE).orElseThrow());
        StoredArchitecture back = StoredArchitecture.from(m, "w.safetensors").orElseThrow();
        assertEquals("rcan-s", back.name());
        assertEquals("RCAN", back.type());
        assertEquals(4, back.scale());
        assertEquals("sr", back.task());
        ComponentSpec spec = back.spec("--weights");
        assertEquals("RCAN", spec.type());
        assertEquals(32, spec.params().getInt("num_feat"));
        assertEquals(4, spec.params().getInt("upscale"));
        assertTrue(!spec.params().hasPath("preset"), "a spec of the architecture itself, no preset left to resolve");
        assertEquals("x4 rcan-s (RCAN) for sr", back.describe());
        assertTrue(StoredArchitecture.from(WeightsMetadata.stamp(), "w").isEmpty(), "no architecture in a plain file");
    }

    @Test
    void conflictsNameArchitectureScaleAndDifferingOptionsOnly() {
        StoredArchitecture a = StoredArchitecture.from(StoredArchitecture.of(resolvedRcanS(), 4, "sr").addTo(WeightsMetadata.empty()), "w")
                .orElseThrow();
        assertEquals(List.of(), a.conflicts(resolvedRcanS(), 4));
        assertEquals(List.of(), a.conflicts(new ComponentSpec("RCAN", ConfigFactory.parseString("type = RCAN, img_range = 255"), "x"), 4),
                "255 and 255.0 are the same value; options only the file sets are not compared");
        assertEquals(List.of("scale 2 (the file: 4)"), a.conflicts(resolvedRcanS(), 2));
        assertEquals(List.of("architecture EDSR (the file: RCAN)"), a.conflicts(new ComponentSpec("EDSR", ConfigFactory.parseString("type = EDSR"), "x"), 4));
        assertEquals(List.of("num_feat = 64 (the file: 32)"),
                a.conflicts(new ComponentSpec("RCAN", ConfigFactory.parseString("type = RCAN, num_feat = 64, feature_taps = true"), "x"), 4));
    }
}
