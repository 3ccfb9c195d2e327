package io.dckd.launcher;

import static io.dckd.launcher.LauncherCall.dckd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dckd.launcher.LauncherCall.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code dckd config} prints what a run uses (dataset defaults included) and refuses an unknown
 * component type as {@code dckd train} does, before any stage: exit 2, key, file:line, did-you-mean.
 */
class ConfigCommandTest {

    @TempDir
    static Path tmp;

    @Test
    void datasetDefaultsArePrinted() {
        Result r = dckd("config", "-c", "sr-x4-quick");
        assertEquals(0, r.code(), r.err());
        // sr-x4-quick sets neither; they come from dckd-tasks' reference.conf
        for (String key : new String[] {"use_shuffle", "cache_images", "prefetch_batches", "dataset_enlarge_ratio", "filename_tmpl"}) {
            assertTrue(r.out().contains(key), key + " in\n" + r.out());
        }
        assertTrue(r.out().contains("seed=0") || r.out().contains("seed = 0"), "datasets.val.seed in\n" + r.out());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "train.pixel_opt { type = L1loss } | unknown loss term 'L1loss' at train.pixel_opt.type (did you mean 'L1Loss'?)",
        "network_g { type = rcan-ss } | unknown backbone or preset 'rcan-ss' at network_g.type (did you mean 'rcan-s'?)",
        "train.optim_g { type = adam } | unknown optimizer 'adam' at train.optim_g.type (did you mean 'Adam'?); available: Adam, AdamW",
        "train.scheduler { type = MultiStepLr } | unknown scheduler 'MultiStepLr' at train.scheduler.type (did you mean 'MultiStepLR'?)",
        "datasets.train { type = SingleImageDatset } | unknown dataset type 'SingleImageDatset' at datasets.train.type (did you mean 'SingleImageDataset'?)",
        "datasets.val_1 { type = PairedImageDatset } | unknown dataset type 'PairedImageDatset' at datasets.val_1.type (did you mean 'PairedImageDataset'?)",
        "val.metrics.psnr { type = calculate_psnrr } | unknown metric 'calculate_psnrr' at val.metrics.psnr.type (did you mean 'calculate_psnr'?)",
        "task { type = SR } | unknown task 'SR' at task.type (did you mean 'sr'?)"})
    void unknownComponentTypesAreRefusedWithKeyLineAndNearestName(String line, String expected) throws Exception {
        Path f = Files.writeString(tmp.resolve("typo.conf"), "include \"" + Path.of("src/dist/configs/sr-x4-quick.conf").toAbsolutePath()
                + "\"\nname = typo\n" + line + "\n");
        Result r = dckd("config", "-c", f.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertTrue(r.err().contains(f + ": 3: "), r.err()); // file: line
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "train.negative_sampler.type=DNGS | unknown negative sampler 'DNGS' at train.negative_sampler.type (did you mean 'DNSG'?)",
        "network_vq.type=DNM | unknown distribution mapper 'DNM' at network_vq.type (did you mean 'DMM'?)",
        "train_teacher.pixel_opt.type=L2Loss | unknown loss term 'L2Loss' at train_teacher.pixel_opt.type (did you mean 'L1Loss'?)",
        "network_t.type=rcan_t | unknown backbone or preset 'rcan_t' at network_t.type (did you mean 'rcan-t'?)"})
    void distillationComponentsAreCheckedWithTheDckdPlugin(String set, String expected) throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("dckd-plugin"));
        if (!Files.exists(plugins.resolve("dckd-plugin-dckd.jar"))) {
            CompareFlowTest.installDckdPlugin(plugins);
        }
        assertEquals(0, LauncherCall.dckd(plugins, "config", "-c", "dckd-sr-x4-quick").code(), "the bundled config passes");
        Result r = LauncherCall.dckd(plugins, "config", "-c", "dckd-sr-x4-quick", "--set", set);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(expected) && r.err().contains("--set " + set), r.err());
    }

    @Test
    void trainRefusesTheSameTypoBeforeTheTeacherTrains() throws Exception {
        // a distillation config whose first stage trains a teacher: the typo is in the student's terms
        Path runs = tmp.resolve("runs");
        String[] args = {"-c", "dckd-sr-x4-quick", "--set", "path.experiments_root=" + runs, "--set", "network_vq=null",
                "--set", "train.cl_opt=null", "--set", "train.ce_opt=null", "--set", "train.pixel_opt.type=L1loss"};
        Result config = dckd(concat("config", args));
        Result train = dckd(concat("train", args));
        String expected = "unknown loss term 'L1loss' at train.pixel_opt.type (did you mean 'L1Loss'?)";
        assertEquals(2, config.code(), config.err());
        assertEquals(2, train.code(), train.err());
        assertTrue(config.err().contains(expected) && config.err().contains("--set train.pixel_opt.type=L1loss"), config.err());
        assertEquals(config.err(), train.err());
        assertFalse(Files.exists(runs.resolve("dckd-sr-x4-quick")), "no stage ran");
    }

    private static String[] concat(String first, String[] rest) {
        String[] out = new String[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }
}
