package io.dckd.plugins.dckd.dmm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.plugins.dckd.TestMapperContext;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures the default codebook budget on a folder of photos (not part of the normal test run):
 * {@code mvn -pl dckd-plugins/dckd -am verify -Dtest=CodebookBudgetProbe -Dsurefire.failIfNoSpecifiedTests=false
 * -Ddckd.probe.photos=/path/to/pngs [-Ddckd.probe.conf="pretrain { ... }"]}.
 */
@EnabledIfSystemProperty(named = "dckd.probe.photos", matches = ".+")
class CodebookBudgetProbe {

    @TempDir
    Path stage;

    /** The PNGs of {@code dir} as {chw, {w, h}} in [0,1], as {@link TestMapperContext} takes them. */
    static List<float[][]> readPhotos(String dir) throws IOException {
        List<float[][]> images = new ArrayList<>();
        File[] files = new File(dir).listFiles((d, n) -> n.endsWith(".png"));
        Arrays.sort(files);
        for (File f : files) {
            BufferedImage img = ImageIO.read(f);
            int w = img.getWidth(), h = img.getHeight();
            float[] chw = new float[3 * w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int rgb = img.getRGB(x, y);
                    chw[y * w + x] = ((rgb >> 16) & 255) / 255f;
                    chw[(h + y) * w + x] = ((rgb >> 8) & 255) / 255f;
                    chw[(2 * h + y) * w + x] = (rgb & 255) / 255f;
                }
            }
            images.add(new float[][] {chw, {w, h}});
        }
        return images;
    }

    @Test
    void defaultBudgetOnPhotos() throws Exception {
        List<float[][]> images = readPhotos(System.getProperty("dckd.probe.photos"));
        TestMapperContext ctx = new TestMapperContext(stage, images, 0);
        String conf = System.getProperty("dckd.probe.conf", "");
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        new Dmm().prepare(ComponentSpec.of("DMM", ConfigFactory.parseString(conf)), ctx);
        String report = Files.readString(stage.resolve("codebook-report.json"));
        System.out.printf("PROBE %d images, conf '%s', wall %.1fs, process cpu %.1fs, load %.1f%n%s", images.size(), conf,
                (System.nanoTime() - t0) / 1e9, (os.getProcessCpuTime() - cpu0) / 1e9, os.getSystemLoadAverage(), report);
        assertTrue(Integer.parseInt(report.replaceAll("(?s).*\"codes_used\": (\\d+).*", "$1")) > 1);
    }
}
