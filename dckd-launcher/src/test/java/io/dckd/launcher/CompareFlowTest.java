package io.dckd.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dckd.core.image.RgbImage;
import io.dckd.core.io.Json;
import io.dckd.core.io.WeightsMetadata;
import io.dckd.tasks.io.ImageFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dckd compare} end to end on tiny networks (gt_size 32, batch 2, 2 iterations): every bundled
 * method builds its objective and trains; the table, CSV, JSON, plot and crops are written; a re-run
 * skips finished methods.
 */
class CompareFlowTest {

    @TempDir
    static Path home;

    static Path conf;

    @BeforeAll
    static void setUp() throws Exception {
        TinyRun.layOutData(home, List.of("astronaut", "brick"), 48, 48);
        copyTree(Path.of("src/dist/configs"), home.resolve("configs"));
        installDckdPlugin(home.resolve("plugins"));
        conf = home.resolve("tiny-compare.conf");
        List<String> lines = TinyRun.configLines(home, 5,
                "network_t { type = rcan-s, num_feat = 8, num_group = 2, num_block = 1, squeeze_factor = 4 }",
                "network_g { type = rcan-s, num_feat = 8, num_group = 1, num_block = 1, squeeze_factor = 4 }",
                "network_vq { type = DMM, encoder = vq-tiny, random_init = true }");
        lines.addAll(List.of(
                "train_teacher { total_iter = 2, pixel_opt { type = L1Loss } }",
                "train {",
                "  total_iter = 2",
                "  optim_g { type = Adam, lr = 1e-3 }",
                "  scheduler { milestones = [3], gamma = 0.5 }",
                "  pixel_opt { type = L1Loss }",
                "  negative_sampler { type = DNSG, num_neg = 2 }",
                "  history { step = [1] }",
                "  allow_weak_teacher = true",
                "}",
                "val { val_freq = 1 }",
                "logger { print_freq = 1, save_checkpoint_freq = 2, progress = lines }"));
        Files.writeString(conf, String.join("\n", lines) + "\n");
    }

    @Test
    void twoMethodsWriteEveryReportAndARerunSkipsThem() throws Exception {
        assertEquals(0, TinyRun.dckd(home, "compare", "-c", conf.toString(), "--methods", "scratch,logits",
                "--set", "name=two"));
        Path dir = home.resolve("runs/two-compare");
        String md = Files.readString(dir.resolve("compare.md"));
        assertTrue(md.contains("| Teacher (rcan-s) |") && md.contains("| Scratch |") && md.contains("| Logits |"), md);
        assertTrue(md.contains("## Raw weights") && md.contains("## EMA weights") && md.contains("**"), md);
        String csv = Files.readString(dir.resolve("compare.csv"));
        assertEquals(1 + 2 + 2 * 3, csv.lines().count(), "header, bicubic, teacher, 2 methods x 3 weights (raw, ema, best)\n" + csv);
        assertTrue(md.contains("## Exported weights") && md.contains("## Paired difference to Scratch"), md);
        // the paired difference is the method's PSNR minus Scratch's, seed by seed
        Map<String, Object> doc = Json.readObject(Files.readString(dir.resolve("compare.json")));
        List<?> methods = (List<?>) doc.get("methods");
        Map<?, ?> scratch = (Map<?, ?>) methods.get(0);
        Map<?, ?> logits = (Map<?, ?>) methods.get(1);
        double scratchRaw = perSeed(scratch, "raw").get(0);
        double logitsRaw = perSeed(logits, "raw").get(0);
        Map<?, ?> paired = (Map<?, ?>) ((Map<?, ?>) logits.get("raw_minus_scratch_psnr")).get("val");
        assertEquals(logitsRaw - scratchRaw, ((Number) paired.get("mean")).doubleValue(), 1e-6, paired.toString());
        assertEquals(logitsRaw > scratchRaw ? 1 : 0, ((Number) paired.get("wins")).intValue());
        assertTrue(!scratch.containsKey("raw_minus_scratch_psnr"), "no difference of Scratch to itself");
        // each method's exported student, with the metadata that restore and eval read
        for (String id : List.of("scratch", "logits")) {
            Path exported = dir.resolve("methods/" + id + "/seed0/export/student.safetensors");
            assertTrue(WeightsMetadata.read(exported).get(WeightsMetadata.SELECTED).isPresent(), exported.toString());
            assertTrue(Double.isFinite(perSeed(id.equals("scratch") ? scratch : logits, "best").get(0)), "exported weights measured");
        }
        assertTrue(md.contains("| Bicubic |"), md);
        String teacherLog = Files.readString(dir.resolve("teacher/train.log"));
        assertTrue(teacherLog.contains("Network [RCAN] teacher:") && !teacherLog.contains("] student:"), teacherLog);
        // the teacher's PSNR for the curves' reference line, where the method runs the teacher at all
        Path refs = dir.resolve("methods/logits/seed0/distill/references.jsonl");
        String refText = Files.exists(refs) ? Files.readString(refs) : "missing; distill/ holds " + Files.list(refs.getParent()).toList();
        assertTrue(refText.startsWith("{\"name\":\"teacher\",\"set\":\"val\",") && refText.contains("\"psnr\":"), refText);
        assertTrue(!Files.exists(dir.resolve("methods/scratch/seed0/distill/references.jsonl")), "scratch loads no teacher");
        String json = Files.readString(dir.resolve("compare.json"));
        assertTrue(json.contains("\"id\":\"scratch\"") && json.contains("\"id\":\"logits\"") && json.contains("\"per_seed\""), json);
        assertTrue(Files.size(dir.resolve("plots/psnr.png")) > 1000, "PSNR plot written");
        RgbImage crop = ImageFiles.read(dir.resolve("crops/val_coffee.png"));
        // bicubic, teacher, 2 methods, GT: 5 panels of the whole 48 px output (smaller than --crop-size 96), 4 gaps
        assertEquals(5 * 48 + 4 * 4, crop.width());
        assertEquals(io.dckd.launcher.report.SideBySide.LABEL_BAND + 48, crop.height(), "panels under a label band");
        assertTrue(Files.readString(dir.resolve("crops/panels.txt")).contains("Scratch (raw, seed 0) | Logits (raw, seed 0) | GT"));
        // the teacher's training time is kept for the reports' wall-time line
        assertTrue(Files.readString(dir.resolve("stages/teacher.done")).contains("\"seconds\":"), "teacher marker");
        // the teacher trained once, for both methods
        assertTrue(Files.exists(dir.resolve("teacher/models/net_g_ema.safetensors")));
        assertTrue(!Files.exists(dir.resolve("methods/scratch/seed0/teacher")), "no per-method teacher");

        Path marker = dir.resolve("methods/logits/seed0/stages/compare.done");
        FileTime before = Files.getLastModifiedTime(marker);
        assertEquals(0, TinyRun.dckd(home, "compare", "-c", conf.toString(), "--methods", "scratch,logits",
                "--set", "name=two", "--crops", "0"));
        assertEquals(before, Files.getLastModifiedTime(marker), "finished method not re-run");
        String log = Files.readString(dir.resolve("compare.log"));
        assertTrue(log.contains("method scratch seed 0: finished earlier, skipped") && log.contains("method logits seed 0: finished earlier, skipped"), log);
        assertEquals(md, Files.readString(dir.resolve("compare.md")), "same table from the stored results");
    }

    @Test
    void everyBundledMethodBuildsItsObjectiveAndTrains() throws Exception {
        assertEquals(0, TinyRun.dckd(home, "compare", "-c", conf.toString(),
                "--methods", "fakd,dukd,dckd,dckd_paper", "--set", "name=all", "--crops", "0"));
        Path dir = home.resolve("runs/all-compare");
        String json = Files.readString(dir.resolve("compare.json"));
        for (String id : List.of("fakd", "dukd", "dckd", "dckd_paper")) {
            assertTrue(json.contains("\"id\":\"" + id + "\""), id);
            String log = Files.readString(dir.resolve("methods/" + id + "/seed0/distill/train.log"));
            assertTrue(log.contains("[iter 2]"), id + " trained 2 iterations");
        }
        String compareLog = Files.readString(dir.resolve("compare.log"));
        assertTrue(compareLog.contains("FAKD(L1)") && compareLog.contains("ContrasLoss") && compareLog.contains("L1(student,teacher_lcr)"), compareLog);
        // one shared codebook stage for the two methods that need the DMM
        assertTrue(Files.exists(dir.resolve("stages/codebook.done")));
    }

    @Test
    void dukdAndDckdStarTrainOnUpcycledData() throws Exception {
        assertEquals(0, TinyRun.dckd(home, "compare", "-c", conf.toString(), "--methods", "dukd,dckd_star",
                "--set", "name=upcycled", "--crops", "0"));
        Path dir = home.resolve("runs/upcycled-compare");
        String md = Files.readString(dir.resolve("compare.md"));
        assertTrue(md.contains("| DUKD |") && md.contains("| DCKD* |"), md);
        String log = Files.readString(dir.resolve("methods/dckd_star/seed0/distill/train.log"));
        assertTrue(log.contains("L1(zoom_in_student,zoom_in_teacher)") && log.contains("0.1*ContrasLoss") && log.contains("l_zin")
                && log.contains("l_zout_kd") && log.contains("l_zout_pix"), log);
    }

    /**
     * A trained codebook next to a random encoder: the shared codebook stage runs although the random
     * method comes first, and a method given as a file path runs inside the comparison folder.
     */
    @Test
    void codebookTrainedHereAgainstARandomEncoder() throws Exception {
        Path mine = Files.createDirectories(home.resolve("my-methods")).resolve("dckd_cb.conf");
        Files.writeString(mine, "include \"" + home.resolve("configs/ablations/ce-tau-0.1.conf") + "\"\nlabel = Mine\n");
        // the base pretrains its codebook (a --set of network_vq.random_init would override the methods' too)
        Path base = home.resolve("tiny-codebook.conf");
        Files.writeString(base, "include \"" + conf + "\"\nnetwork_vq { random_init = false, pretrain { total_iter = 2, patch_size = 32 } }\n");
        assertEquals(0, TinyRun.dckd(home, "compare", "-c", base.toString(),
                "--methods", "ablations/random-encoder-tau-0.1," + mine, "--set", "name=codebook", "--crops", "0"));
        Path dir = home.resolve("runs/codebook-compare");
        assertTrue(Files.exists(dir.resolve("codebook/vq.safetensors")), "the shared codebook stage pretrained");
        for (String id : List.of("ablations/random-encoder-tau-0.1", "dckd_cb")) {
            String log = Files.readString(dir.resolve("methods/" + id + "/seed0/distill/train.log"));
            assertTrue(log.contains("[iter 2]") && log.contains("CE(tau=0.1)"), id + ": " + log);
        }
        String compareLog = Files.readString(dir.resolve("compare.log"));
        assertTrue(compareLog.contains("replace the base config's loss terms train.pixel_opt"), compareLog);
        // the random method's encoder is random, the other one's is the shared codebook stage's
        int random = compareLog.indexOf("random frozen weights from seed");
        int trained = compareLog.indexOf("loaded from " + dir.resolve("codebook/vq.safetensors"));
        assertTrue(random > 0 && trained > random, compareLog);
    }

    @Test
    void seedsGiveMeanAndStd() throws Exception {
        assertEquals(0, TinyRun.dckd(home, "compare", "-c", conf.toString(), "--methods", "scratch",
                "--seeds", "2", "--set", "name=seeds", "--crops", "0", "--set", "train.total_iter=1"));
        Path dir = home.resolve("runs/seeds-compare");
        String md = Files.readString(dir.resolve("compare.md"));
        assertTrue(md.contains(" ± ") && md.contains("seed 5") && md.contains("seed 6"), md);
        assertTrue(Files.exists(dir.resolve("methods/scratch/seed1/stages/compare.done")));
    }

    /** The per-seed validation PSNR on set {@code val} of a method of compare.json under {@code weights}. */
    private static List<Double> perSeed(Map<?, ?> method, String weights) {
        Map<?, ?> psnr = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) method.get(weights)).get("val")).get("psnr");
        return ((List<?>) psnr.get("per_seed")).stream().map(v -> ((Number) v).doubleValue()).toList();
    }

    /** Puts the dckd plugin (DNSG, DMM), which the launcher's tests see only as classes, into {@code dir} as a jar. */
    static void installDckdPlugin(Path dir) throws IOException {
        Path src = null;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (entry.contains("dckd-plugin-dckd") || entry.replace('\\', '/').contains("dckd-plugins/dckd/target")) {
                src = Path.of(entry);
            }
        }
        if (src == null) {
            throw new IllegalStateException("the dckd plugin is not on the test class path");
        }
        if (Files.isRegularFile(src)) {
            Files.copy(src, dir.resolve("dckd-plugin-dckd.jar"));
            return;
        }
        Manifest mf;
        try (var in = Files.newInputStream(src.resolve("META-INF/MANIFEST.MF"))) {
            mf = new Manifest(in);
        } catch (IOException e) {
            throw new IllegalStateException("the dckd plugin classes at " + src + " have no manifest", e);
        }
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(dir.resolve("dckd-plugin-dckd.jar")), mf);
             Stream<Path> s = Files.walk(src)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String name = src.relativize(p).toString().replace('\\', '/');
                if (name.equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                out.putNextEntry(new JarEntry(name));
                Files.copy(p, (OutputStream) out);
                out.closeEntry();
            }
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
    }
}
