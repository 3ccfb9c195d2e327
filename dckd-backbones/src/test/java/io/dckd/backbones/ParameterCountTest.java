package io.dckd.backbones;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import io.dckd.core.nn.TorchNames;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parameter counts of the presets against the numbers of the official (BasicSR) modules. */
class ParameterCountTest {

    @ParameterizedTest(name = "{0} x{1} has {2} parameters")
    @CsvSource({
        "swinir-m, 4, 11900199",
        "swinir-m, 2, 11752487",
        "swinir-m, 3, 11937127",
        "swinir-s, 4, 1235439",
        "swinir-s, 2, 1087727",
        "swinir-s, 3, 1272367",
        "rcan, 4, 15592355",
        "rcan, 2, 15444643",
        "rcan, 3, 15629283",
        "rcan-student, 4, 5171315",
        "rcan-student, 2, 5023603",
        "rcan-t, 4, 2865539",
        "rcan-s, 4, 252755",
        "edsr-s, 4, 1517571",
    })
    void presetCounts(String preset, int scale, long expected) {
        try (NDManager m = NDManager.newBaseManager()) {
            var b = TestNets.create(m, preset, "upscale = " + scale, 16, 16);
            assertEquals(expected, TorchNames.count(b.block()));
            assertEquals(scale, b.scale());
        }
    }
}
