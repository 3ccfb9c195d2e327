package io.dckd.plugins.dckd.dmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.typesafe.config.ConfigFactory;
import io.dckd.core.io.SafeTensors;
import io.dckd.core.nn.StateDict;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.DistributionMapper;
import io.dckd.plugins.dckd.TestMapperContext;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodebookPretrainerTest {

    @TempDir
    Path stage;

    private static ComponentSpec spec(String update) {
        return ComponentSpec.of("DMM", ConfigFactory.parseString(
                "pretrain { total_iter = 30, batch_size = 4, patch_size = 32, eval_batches = 2, log_every = 10, codebook_update = "
                        + update + " }"));
    }

    private void pretrainsALoadableEncoderAndCodebook(String update) throws Exception {
        TestMapperContext ctx = new TestMapperContext(stage, TestMapperContext.syntheticImages(6, 48, 1), 3);
        Dmm dmm = new Dmm();
        Path weights = dmm.prepare(spec(update), ctx).orElseThrow();
        assertEquals(stage.resolve("vq.safetensors"), weights);
        String report = Files.readString(stage.resolve("codebook-report.json"));
        System.out.println(update + ": " + report);
        int codesUsed = Integer.parseInt(report.replaceAll("(?s).*\"codes_used\": (\\d+).*", "$1"));
        double psnr = Double.parseDouble(report.replaceAll("(?s).*\"recon_psnr\": ([0-9.]+).*", "$1"));
        assertTrue(codesUsed > 1, "codes used " + codesUsed);
        assertTrue(psnr > 10, "reconstruction PSNR " + psnr);
        assertTrue(ctx.log.stream().anyMatch(s -> s.contains("iter 30/30")), ctx.log.toString());

        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> dict = SafeTensors.read(m, weights);
            for (String k : List.of("encoder.conv_in.weight", "quant_conv.weight", "quantize.embedding.weight",
                    "post_quant_conv.weight", "decoder.conv_out.weight")) {
                assertTrue(dict.containsKey(k), "missing " + k);
            }
            Map<String, NDArray> encoderKeys = new LinkedHashMap<>();
            dict.forEach((k, v) -> {
                if (k.startsWith("encoder.") || k.startsWith("quant_conv.") || k.startsWith("quantize.")) {
                    encoderKeys.put(k, v);
                }
            });
            Block fresh = ctx.buildBackbone(ComponentSpec.of("vq-tiny")).block();
            fresh.initialize(m, DataType.FLOAT32, new Shape(1, 3, 16, 16));
            assertEquals(List.of(), StateDict.load(fresh, encoderKeys, true, "pretrained encoder keys"));
        }

        // idempotent: a second prepare reuses the file
        long modified = Files.getLastModifiedTime(weights).toMillis();
        assertEquals(Optional.of(weights), dmm.prepare(spec(update), ctx));
        assertEquals(modified, Files.getLastModifiedTime(weights).toMillis());
        assertTrue(ctx.log.get(ctx.log.size() - 1).contains("reusing"));

        try (DistributionMapper.Mapping mapping = dmm.create(spec(update), ctx, Optional.of(weights));
             NDManager m = NDManager.newBaseManager()) {
            DistributionMapper.Encoded e = mapping.encode(m.randomUniform(0, 1, new Shape(1, 3, 32, 32)), true);
            assertEquals(new Shape(4, 256), e.codeLogits().getShape());
        }
    }

    @Test
    void straightThroughCodebook() throws Exception {
        pretrainsALoadableEncoderAndCodebook("straight_through");
    }

    /** The dckd-sr-x4-cpu recipe at test size: vq-cpu, warm-up, k-means++ codes, EMA, dead-code restarts. */
    @Test
    void normalisedEmaCodebookWithWarmupAndKmeansWritesReportAndSheet() throws Exception {
        TestMapperContext ctx = new TestMapperContext(stage, TestMapperContext.syntheticImages(6, 48, 1), 3);
        ComponentSpec spec = ComponentSpec.of("DMM", ConfigFactory.parseString(
                "encoder = vq-cpu, level_weights = [0.125, 0.25, 1.0], pretrain { total_iter = 8, warmup_iter = 4, kmeans_init = true, "
                        + "codebook_update = ema, dead_code_threshold = 1.0, mse_weight = 1, batch_size = 4, patch_size = 32, "
                        + "eval_batches = 2, log_every = 4 }"));
        new Dmm().prepare(spec, ctx).orElseThrow();
        assertTrue(ctx.log.stream().anyMatch(s -> s.contains("iter 4/8") && s.contains("warm-up")), ctx.log.toString());
        assertTrue(ctx.log.stream().anyMatch(s -> s.contains("iter 5: codes set to k-means++ centres of 256 encoder outputs")),
                ctx.log.toString());
        String report = Files.readString(stage.resolve("codebook-report.json"));
        System.out.println("vq-cpu: " + report);
        assertTrue(report.contains("\"encoder\": \"vq-cpu\"") && report.contains("\"codebook_update\": \"ema\""), report);
        int codesUsed = Integer.parseInt(report.replaceAll("(?s).*\"codes_used\": (\\d+).*", "$1"));
        // 2 batches of 4 patches of 8x8 latents = 512 held-out positions; k-means codes spread over them
        // (a collapsed codebook, as vq-tiny's, uses 4 to 7)
        assertTrue(codesUsed >= 32, "codes used " + codesUsed);
        assertTrue(report.contains("\"positions\": 512"), report);

        BufferedImage sheet = ImageIO.read(stage.resolve("reconstructions").resolve("held-out_8.png").toFile());
        assertEquals(4 * 32 + 3 * 2, sheet.getWidth(), "4 patches side by side, 2-pixel gaps");
        assertEquals(2 * 32 + 2, sheet.getHeight(), "originals above reconstructions");

        try (NDManager m = NDManager.newBaseManager()) {
            float[] codes = SafeTensors.read(m, stage.resolve("vq.safetensors")).get("quantize.embedding.weight").toFloatArray();
            assertEquals(256 * 16, codes.length);
            for (int k = 0; k < 256; k++) {
                double norm = 0;
                for (int d = 0; d < 16; d++) {
                    norm += codes[k * 16 + d] * codes[k * 16 + d];
                }
                assertEquals(1, Math.sqrt(norm), 1e-4, "stored code " + k + " is unit length");
            }
        }
    }
}
