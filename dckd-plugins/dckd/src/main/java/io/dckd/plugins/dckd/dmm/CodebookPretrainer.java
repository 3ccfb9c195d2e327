package io.dckd.plugins.dckd.dmm;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.typesafe.config.ConfigException;
import io.dckd.core.data.Batch;
import io.dckd.core.data.BatchSource;
import io.dckd.core.io.SafeTensors;
import io.dckd.core.nn.FreshInit;
import io.dckd.core.nn.Scalars;
import io.dckd.core.nn.StateDict;
import io.dckd.core.nn.TorchNames;
import io.dckd.core.spi.CodebookEncoder;
import io.dckd.core.spi.DistributionMapper.MapperContext;
import io.dckd.core.nn.TorchAdam;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The codebook stage of {@link Dmm} when no VQGAN weights are given: trains a small VQ autoencoder
 * in taming's layout — {@code encoder}, {@code quant_conv}, codebook {@code quantize}
 * (the {@link CodebookEncoder}), {@code post_quant_conv}, {@code decoder} ({@link CodebookEncoder#newDecoder()}) — on GT
 * patches of the run's training set, used in [0,1] as DCKD feeds the encoder (no rescaling).
 *
 * <p>Loss per step: mean|x' − x| (+ {@code mse_weight}·mean (x' − x)²) with x' = decoder(z + sg(z_q − z)),
 * plus the VQ loss ({@link VectorQuantizer}); Adam ({@link TorchAdam}, constant lr) on every trained
 * parameter ({@code lr_schedule}: constant, or cosine to 0 over the run). The first {@code warmup_iter} steps train a plain autoencoder (x' = decoder(z), no VQ
 * loss); with {@code kmeans_init} the first quantised step first sets the codes to k-means++ centres
 * of that batch's encoder outputs. Then a held-out pass (fresh patches from another seed, eval mode)
 * measures codes used, perplexity and reconstruction PSNR for {@link CodebookReport} and draws its
 * first batch above its reconstructions into {@code reconstructions/held-out_<total_iter>.png}
 * ({@link ReconstructionSheet}). Writes the full state dict (encoder.*, quant_conv.*,
 * quantize.embedding.weight, post_quant_conv.*, decoder.*) with {@link SafeTensors#write}
 * (atomic), so a crash never leaves a half-written file under the final name.
 */
final class CodebookPretrainer {

    private static final long HELD_OUT_SEED = 0x5EEDL;

    /** Folder under the stage directory for {@code held-out_<iter>.png}, originals above reconstructions. */
    static final String RECONSTRUCTIONS = "reconstructions";

    private static final int SHEET_PATCHES = 8;

    private final DmmOptions options;
    private final PretrainOptions p;
    private final MapperContext context;

    CodebookPretrainer(DmmOptions options, MapperContext context) {
        this.options = options;
        this.p = options.pretrain();
        this.context = context;
    }

    /** Trains, evaluates, writes {@code weightsFile} and {@code reportFile}; returns the report. */
    CodebookReport run(Path weightsFile, Path reportFile) throws IOException {
        CodebookEncoder encoder = Dmm.encoder(options, context);
        int multiple = 1 << (encoder.levels() - 1);
        if (p.patchSize() % multiple != 0) {
            throw new ConfigException.BadValue(options.encoder().origin(), "pretrain.patch_size",
                    "must be a multiple of " + multiple + " for this encoder (" + encoder.levels() + " levels), got " + p.patchSize());
        }
        long seed = context.seed();
        try (NDManager model = NDManager.newBaseManager(context.device())) {
            model.setName("dmm-pretrain");
            encoder.initialize(model, DataType.FLOAT32, new Shape(1, 3, p.patchSize(), p.patchSize()));
            FreshInit.apply(encoder, seed);
            Block decoder = encoder.newDecoder();
            int latent = p.patchSize() / multiple;
            decoder.initialize(model, DataType.FLOAT32, new Shape(1, encoder.codeDim(), latent, latent));
            FreshInit.apply(decoder, seed + 1);

            Map<String, Parameter> trained = new LinkedHashMap<>(TorchNames.parameters(encoder));
            trained.putAll(TorchNames.parameters(decoder));
            Parameter codebook = trained.get("quantize.embedding.weight");
            if (p.update() == PretrainOptions.CodebookUpdate.EMA) {
                trained.remove("quantize.embedding.weight");
                codebook.getArray().setRequiresGradient(false);
            }
            for (Parameter param : trained.values()) {
                param.getArray().setRequiresGradient(true);
            }
            VectorQuantizer vq = new VectorQuantizer(codebook, p, encoder.normalizesCodes(), model);
            TorchAdam adam = new TorchAdam(trained, model, p.beta1(), p.beta2(), 1e-8, 0, false);
            ParameterStore ps = new ParameterStore(model, false);
            SplittableRandom rng = new SplittableRandom(seed);

            context.log(String.format("DMM codebook stage: pretraining %s encoder + %d-code codebook + decoder (%,d parameters) "
                            + "for %d iterations on %dx%d GT patches, batch %d, lr %g%s, %s codebook%s%s%s",
                    options.encoder().type(), encoder.codes(), TorchNames.count(encoder) + TorchNames.count(decoder), p.totalIter(),
                    p.patchSize(), p.patchSize(), p.batchSize(), p.lr(), p.cosineLr() ? " (cosine to 0)" : "", p.update().name().toLowerCase(Locale.ROOT),
                    encoder.normalizesCodes() ? " (l2-normalised codes)" : "",
                    p.warmupIter() > 0 ? ", " + p.warmupIter() + " warm-up steps without quantisation" : "",
                    p.kmeansInit() ? ", k-means++ initial codes" : ""));
            long start = System.nanoTime();
            long restarts = 0;
            double windowL1 = 0;
            double windowVq = 0;
            int window = 0;
            double lastL1 = Double.NaN;
            boolean seeded = !p.kmeansInit();
            try (BatchSource source = context.trainingImages(p.patchSize(), p.batchSize(), seed)) {
                for (int it = 1; it <= p.totalIter(); it++) {
                    // a Ctrl-C stops between iterations (this stage keeps no checkpoint: --resume redoes it)
                    context.stopPoint();
                    Batch batch = source.next();
                    boolean quantise = it > p.warmupIter();
                    try (NDManager step = model.newSubManager()) {
                        NDArray x = gt(step, batch);
                        if (quantise && !seeded) {
                            vq.initialize(encoder.latent(ps, x, false), rng);
                            seeded = true;
                            context.log("DMM codebook stage: iter " + it + ": codes set to k-means++ centres of "
                                    + batch.size() * (long) (p.patchSize() / multiple) * (p.patchSize() / multiple) + " encoder outputs");
                        }
                        VectorQuantizer.Quantized q = null;
                        float l1;
                        float vqLoss = 0;
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            NDArray z = encoder.latent(ps, x, true);
                            NDArray decoderInput = z;
                            if (quantise) {
                                q = vq.quantize(z);
                                decoderInput = q.decoderInput();
                            }
                            NDArray rec = decoder.forward(ps, new NDList(decoderInput), true).singletonOrThrow();
                            NDArray diff = rec.sub(x);
                            NDArray recLoss = diff.abs().mean();
                            l1 = recLoss.getFloat();
                            NDArray loss = p.mseWeight() > 0 ? recLoss.add(Scalars.mul(diff.square().mean(), p.mseWeight())) : recLoss;
                            if (q != null) {
                                loss = loss.add(q.loss());
                                vqLoss = q.loss().getFloat();
                            }
                            if (!Float.isFinite(l1) || !Float.isFinite(vqLoss)) {
                                throw new IllegalStateException("DMM codebook pretraining diverged at iteration " + it
                                        + " (L1 " + l1 + ", VQ " + vqLoss + "); lower pretrain.lr");
                            }
                            context.stopPoint();
                            gc.backward(loss);
                        }
                        adam.step(p.lrAt(it));
                        zeroGradients(trained);
                        if (q != null) {
                            restarts += vq.update(q, rng);
                        }
                        windowL1 += l1;
                        windowVq += vqLoss;
                        window++;
                    }
                    if (it % p.logEvery() == 0 || it == p.totalIter()) {
                        lastL1 = windowL1 / window;
                        context.log(String.format(Locale.ROOT,
                                "DMM codebook stage: iter %d/%d  l1 %.5f  vq %.5f  restarts %d  %.1fs%s",
                                it, p.totalIter(), lastL1, windowVq / window, restarts, (System.nanoTime() - start) / 1e9,
                                quantise ? "" : "  (warm-up: no quantisation)"));
                        windowL1 = 0;
                        windowVq = 0;
                        window = 0;
                    }
                }
            }
            vq.finish();
            double seconds = (System.nanoTime() - start) / 1e9;
            Path sheet = reportFile.toAbsolutePath().getParent().resolve(RECONSTRUCTIONS).resolve("held-out_" + p.totalIter() + ".png");
            CodebookReport report = evaluate(encoder, vq, decoder, ps, model, lastL1, restarts, seconds, sheet);
            Map<String, NDArray> dict = new LinkedHashMap<>(StateDict.float32Copy(StateDict.of(encoder)));
            dict.putAll(StateDict.float32Copy(StateDict.of(decoder)));
            SafeTensors.write(dict, weightsFile);
            dict.values().forEach(NDArray::close);
            report.write(reportFile);
            context.log(String.format(Locale.ROOT,
                    "DMM codebook stage: wrote %s; held-out: %d/%d codes used, perplexity %.1f, reconstruction PSNR %.2f dB (%.0fs); "
                            + "originals above reconstructions: %s",
                    weightsFile, report.codesUsed(), report.nEmbed(), report.perplexity(), report.reconPsnr(), seconds, sheet));
            return report;
        }
    }

    private CodebookReport evaluate(CodebookEncoder encoder, VectorQuantizer vq, Block decoder, ParameterStore ps,
                                    NDManager model, double lastL1, long restarts, double seconds, Path sheet) throws IOException {
        int codes = encoder.codes();
        long[] histogram = new long[codes];
        double sqErr = 0;
        double absErr = 0;
        long values = 0;
        long patches = 0;
        try (BatchSource held = context.trainingImages(p.patchSize(), p.batchSize(), context.seed() ^ HELD_OUT_SEED)) {
            for (int i = 0; i < p.evalBatches(); i++) {
                Batch batch = held.next();
                try (NDManager step = model.newSubManager()) {
                    NDArray x = gt(step, batch);
                    NDArray z = encoder.latent(ps, x, false);
                    NDArray idx = encoder.nearestCodes(ps, z, false);
                    for (long k : idx.toType(DataType.INT64, false).toLongArray()) {
                        histogram[(int) k]++;
                    }
                    long b = z.getShape().get(0);
                    NDArray zq = vq.lookup(idx, b, z.getShape().get(2), z.getShape().get(3));
                    NDArray rec = decoder.forward(ps, new NDList(zq), false).singletonOrThrow().clip(0, 1);
                    if (i == 0) {
                        ReconstructionSheet.write(sheet, batch.gt(), rec.toFloatArray(), batch.size(), p.patchSize(), SHEET_PATCHES);
                    }
                    NDArray diff = rec.sub(x);
                    sqErr += diff.square().sum().getFloat();
                    absErr += diff.abs().sum().getFloat();
                    values += x.size();
                    patches += b;
                }
            }
        }
        int used = 0;
        long positions = 0;
        for (long h : histogram) {
            used += h > 0 ? 1 : 0;
            positions += h;
        }
        double mse = sqErr / values;
        double psnr = 10 * Math.log10(1.0 / Math.max(mse, 1e-12));
        return new CodebookReport(options.encoder().type(), p.update().name().toLowerCase(Locale.ROOT), codes, used,
                CodebookReport.perplexity(histogram), psnr, absErr / values, positions, patches, p.totalIter(), lastL1, restarts, seconds);
    }

    private static NDArray gt(NDManager step, Batch batch) {
        return step.create(batch.gt(), new Shape(batch.size(), 3, batch.gtHeight(), batch.gtWidth()));
    }

    /** Zeroes the gradients (NaN-safe: assignment), as the trainer does after each update. */
    private static void zeroGradients(Map<String, Parameter> params) {
        for (Parameter param : params.values()) {
            NDArray a = param.getArray();
            if (a.hasGradient()) {
                try (NDArray g = a.getGradient()) {
                    g.set(new NDIndex("..."), 0f);
                }
            }
        }
    }
}
