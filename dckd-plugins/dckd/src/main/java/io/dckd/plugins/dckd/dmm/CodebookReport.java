package io.dckd.plugins.dckd.dmm;

import io.dckd.core.io.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the codebook stage measured on held-out GT patches after training ({@code codebook-report.json}).
 *
 * @param encoder the encoder's type or preset
 * @param codebookUpdate ema or straight_through
 * @param nEmbed codebook size K
 * @param codesUsed distinct argmin codes over the held-out positions
 * @param perplexity exp(−Σ_k p_k log p_k) of the held-out code histogram (1 = one code, K = uniform)
 * @param reconPsnr PSNR (dB, peak 1) of the clamped reconstruction decoder(z_q) against the patches
 * @param reconL1 mean |decoder(z_q) − x| on the held-out patches
 * @param positions held-out latent positions counted
 * @param patches held-out patches
 * @param totalIter training steps
 * @param finalTrainL1 reconstruction L1 of the last logging window
 * @param restarts dead-code restarts during training
 * @param seconds wall time of the training loop
 */
public record CodebookReport(String encoder, String codebookUpdate, int nEmbed, int codesUsed, double perplexity,
                             double reconPsnr, double reconL1, long positions, long patches, int totalIter,
                             double finalTrainL1, long restarts, double seconds) {

    /** Perplexity of a histogram. */
    static double perplexity(long[] histogram) {
        long total = 0;
        for (long h : histogram) {
            total += h;
        }
        double entropy = 0;
        for (long h : histogram) {
            if (h > 0) {
                double p = (double) h / total;
                entropy -= p * Math.log(p);
            }
        }
        return Math.exp(entropy);
    }

    /** The report as a small indented JSON object, in the order of the fields above. */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("encoder", encoder);
        m.put("codebook_update", codebookUpdate);
        m.put("n_embed", nEmbed);
        m.put("codes_used", codesUsed);
        m.put("perplexity", perplexity);
        m.put("recon_psnr", reconPsnr);
        m.put("recon_l1", reconL1);
        m.put("positions", positions);
        m.put("patches", patches);
        m.put("total_iter", totalIter);
        m.put("final_train_l1", finalTrainL1);
        m.put("restarts", restarts);
        m.put("seconds", seconds);
        return Json.pretty(m);
    }

    /** Writes {@link #toJson()} to {@code file} atomically. */
    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, toJson(), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
