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
 * <p>Loss per step: mean|decoder(z + sg(z_q − z)) − x| + VQ loss ({@link VectorQuantizer}); Adam
 * ({@link TorchAdam}, constant lr) on every trained parameter. Then a held-out pass (fresh patches
 * from another seed, eval mode) measures codes used, perplexity and reconstruction PSNR for
 * {@link CodebookReport}. Writes the full state dict (encoder.*, quant_conv.*,
 * quantize.embedding.weight, post_quant_conv.*, decoder.*) with {@link SafeTensors#write}
 * (atomic), so a crash never leaves a half-written file under the final name.
 */
final class CodebookPretrainer {

    private static final long HELD_OUT_SEED = 0x5EEDL;

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
            VectorQuantizer vq = new VectorQuantizer(codebook, p, model);
            TorchAdam adam = new TorchAdam(trained, model, p.beta1(), p.beta2(), 1e-8, 0, false);
            ParameterStore ps = new ParameterStore(model, false);
            SplittableRandom rng = new SplittableRandom(seed);

            context.log(String.format("DMM codebook stage: pretraining %s encoder + %d-code codebook + decoder (%,d parameters) "
                            + "for %d iterations on %dx%d GT patches, batch %d, lr %g, %s codebook",
                    options.encoder().type(), encoder.codes(), TorchNames.count(encoder) + TorchNames.count(decoder), p.totalIter(),
                    p.patchSize(), p.patchSize(), p.batchSize(), p.lr(), p.update().name().toLowerCase(Locale.ROOT)));
            long start = System.nanoTime();
            long restarts = 0;
            double windowL1 = 0;
            double windowVq = 0;
            int window = 0;
            double lastL1 = Double.NaN;
            try (BatchSource source = context.trainingImages(p.patchSize(), p.batchSize(), seed)) {
                for (int it = 1; it <= p.totalIter(); it++) {
                    // a Ctrl-C stops between iterations (this stage keeps no checkpoint: --resume redoes it)
                    context.stopPoint();
                    Batch batch = source.next();
                    try (NDManager step = model.newSubManager()) {
                        NDArray x = gt(step, batch);
                        VectorQuantizer.Quantized q;
                        float l1;
                        float vqLoss;
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            NDArray z = encoder.latent(ps, x, true);
                            q = vq.quantize(z);
                            NDArray rec = decoder.forward(ps, new NDList(q.decoderInput()), true).singletonOrThrow();
                            NDArray recLoss = rec.sub(x).abs().mean();
                            NDArray loss = recLoss.add(q.loss());
                            l1 = recLoss.getFloat();
                            vqLoss = q.loss().getFloat();
                            if (!Float.isFinite(l1) || !Float.isFinite(vqLoss)) {
                                throw new IllegalStateException("DMM codebook pretraining diverged at iteration " + it
                                        + " (L1 " + l1 + ", VQ " + vqLoss + "); lower pretrain.lr");
                            }
                            context.stopPoint();
                            gc.backward(loss);
                        }
                        adam.step(p.lr());
                        zeroGradients(trained);
                        restarts += vq.update(q, rng);
                        windowL1 += l1;
                        windowVq += vqLoss;
                        window++;
                    }
                    if (it % p.logEvery() == 0 || it == p.totalIter()) {
                        lastL1 = windowL1 / window;
                        context.log(String.format(Locale.ROOT,
                                "DMM codebook stage: iter %d/%d  l1 %.5f  vq %.5f  restarts %d  %.1fs",
                                it, p.totalIter(), lastL1, windowVq / window, restarts, (System.nanoTime() - start) / 1e9));
                        windowL1 = 0;
                        windowVq = 0;
                        window = 0;
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            CodebookReport report = evaluate(encoder, codebook, decoder, ps, model, lastL1, restarts, seconds);
            Map<String, NDArray> dict = new LinkedHashMap<>(StateDict.float32Copy(StateDict.of(encoder)));
            dict.putAll(StateDict.float32Copy(StateDict.of(decoder)));
            SafeTensors.write(dict, weightsFile);
            dict.values().forEach(NDArray::close);
            report.write(reportFile);
            context.log(String.format(Locale.ROOT,
                    "DMM codebook stage: wrote %s; held-out: %d/%d codes used, perplexity %.1f, reconstruction PSNR %.2f dB (%.0fs)",
                    weightsFile, report.codesUsed(), report.nEmbed(), report.perplexity(), report.reconPsnr(), seconds));
            return report;
        }
    }

    private CodebookReport evaluate(CodebookEncoder encoder, Parameter codebook, Block decoder, ParameterStore ps,
                                    NDManager model, double lastL1, long restarts, double seconds) {
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
                    NDArray e = codebookCopy(codebook, step);
                    long b = z.getShape().get(0);
                    long h = z.getShape().get(2);
                    long w = z.getShape().get(3);
                    NDArray zq = idx.oneHot(codes, DataType.FLOAT32).matMul(e).reshape(b, h, w, -1).transpose(0, 3, 1, 2);
                    NDArray rec = decoder.forward(ps, new NDList(zq), false).singletonOrThrow().clip(0, 1);
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

    private static NDArray codebookCopy(Parameter codebook, NDManager step) {
        NDArray e = codebook.getArray();
        return step.zeros(e.getShape(), e.getDataType(), e.getDevice()).add(e);
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
