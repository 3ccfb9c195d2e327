package io.dckd.launcher;

import static io.dckd.launcher.LauncherCall.dckd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.dckd.launcher.LauncherCall.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code dckd backbones [--verbose] [PRESET...]}: presets with resolved options, scales and parameter counts. */
class BackbonesCommandTest {

    @Test
    void verboseShowsResolvedOptionsScalesAndParameters() {
        Result r = dckd("backbones", "--verbose", "rcan-s", "edsr-t", "nafnet-s");
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        String rcan = out.substring(out.indexOf("rcan-s  (RCAN)"), out.indexOf("edsr-t  (EDSR)"));
        assertTrue(rcan.contains("scales      x2, x3, x4 (upscale = the run's scale)"), rcan);
        assertTrue(rcan.contains("parameters  x4: 252,755"), rcan); // ANCHORS.md's student
        // the preset's own options, and RCAN's default for what the preset leaves out
        assertTrue(rcan.contains("options     { type = RCAN,") && rcan.contains("num_feat = 32") && rcan.contains("num_group = 2")
                && rcan.contains("feature_taps = false"), rcan);
        String edsr = out.substring(out.indexOf("edsr-t  (EDSR)"), out.indexOf("nafnet-s  (NAFNet)"));
        assertTrue(edsr.contains("num_block = 4") && edsr.contains("res_scale = 1") && edsr.contains("rgb_mean = [0.4488,0.4371,0.404]"), edsr);
        String nafnet = out.substring(out.indexOf("nafnet-s  (NAFNet)"));
        assertTrue(nafnet.contains("scales      x1 only"), nafnet);
        assertTrue(nafnet.contains("parameters  x1: 2,683,059"), nafnet); // METHOD.md §5.1: the paper's 2.7M student
        assertTrue(nafnet.contains("enc_blk_nums = [1,1,1,14]"), nafnet);
    }

    @Test
    void everyPresetHasARowInTheReadme() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        for (String preset : ConfigFactory.defaultReference().getConfig("dckd.presets").root().keySet()) {
            assertTrue(readme.contains("| `" + preset + "` |"), "README's preset table lacks " + preset);
        }
    }

    @Test
    void plainListingKeepsOneLinePerPreset() {
        Result r = dckd("backbones", "rcan-s");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("(?s).*rcan-s +RCAN +[0-9,]+ / [0-9,]+ / 252,755\\R.*"), r.out());
    }

    @Test
    void anUnknownPresetIsAUsageErrorWithTheNearestName() {
        Result r = dckd("backbones", "--verbose", "rcan-ss");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("no preset 'rcan-ss' (did you mean 'rcan-s'?)"), r.err());
    }
}
