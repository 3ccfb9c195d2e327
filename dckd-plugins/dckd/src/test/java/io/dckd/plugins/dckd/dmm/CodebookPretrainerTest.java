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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
}
