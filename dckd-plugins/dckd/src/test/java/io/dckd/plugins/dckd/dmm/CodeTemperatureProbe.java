package io.dckd.plugins.dckd.dmm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.typesafe.config.ConfigFactory;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.DistributionMapper;
import io.dckd.plugins.dckd.TestMapperContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * How peaked the paper CE's code distribution softmax(−d/τ) is for a trained codebook (not part of the
 * normal test run): with l2-normalised codes d ∈ [0, 4], so at τ = 1 the distribution over 256 codes is
 * nearly uniform. Prints, per τ, the mean entropy (ln 256 = 5.55 is uniform) and the mean top probability
 * over the latent positions of the photos' top-left crops:
 * {@code mvn -pl dckd-plugins/dckd -am test -Dtest=CodeTemperatureProbe -Dsurefire.failIfNoSpecifiedTests=false
 * -Ddckd.probe.vq=<run>/codebook/vq.safetensors -Ddckd.probe.photos=<folder of pngs> [-Ddckd.probe.conf="encoder = vq-tiny"]}.
 */
@EnabledIfSystemProperty(named = "dckd.probe.vq", matches = ".+")
class CodeTemperatureProbe {

    private static final int CROP = 128;

    @TempDir
    Path stage;

    @Test
    void entropyOfTheCodeDistributionPerTemperature() throws Exception {
        List<float[][]> photos = CodebookBudgetProbe.readPhotos(System.getProperty("dckd.probe.photos"));
        TestMapperContext ctx = new TestMapperContext(stage, photos, 0);
        ComponentSpec spec = ComponentSpec.of("DMM", ConfigFactory.parseString(System.getProperty("dckd.probe.conf", "encoder = vq-cpu, level_weights = [0.125, 0.25, 1.0]")));
        Path vq = Path.of(System.getProperty("dckd.probe.vq"));
        try (DistributionMapper.Mapping mapping = new Dmm().create(spec, ctx, Optional.of(vq));
             NDManager m = NDManager.newBaseManager()) {
            float[] batch = new float[photos.size() * 3 * CROP * CROP];
            for (int i = 0; i < photos.size(); i++) {
                float[] chw = photos.get(i)[0];
                int w = (int) photos.get(i)[1][0];
                int h = (int) photos.get(i)[1][1];
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < CROP; y++) {
                        System.arraycopy(chw, (c * h + y) * w, batch, ((i * 3 + c) * CROP + y) * CROP, CROP);
                    }
                }
            }
            NDArray logits = mapping.encode(m.create(batch, new Shape(photos.size(), 3, CROP, CROP)), true).codeLogits();
            for (double tau : new double[] {1, 0.3, 0.1, 0.03}) {
                NDArray p = logits.div((float) tau).softmax(1);
                double entropy = p.mul(p.add(1e-12f).log()).sum(new int[] {1}).neg().mean().getFloat();
                double top = p.max(new int[] {1}).mean().getFloat();
                System.out.printf("PROBE tau %.2f: mean entropy %.3f (uniform %.3f), mean top probability %.3f%n",
                        tau, entropy, Math.log(logits.getShape().get(1)), top);
                assertTrue(Double.isFinite(entropy));
            }
        }
    }
}
