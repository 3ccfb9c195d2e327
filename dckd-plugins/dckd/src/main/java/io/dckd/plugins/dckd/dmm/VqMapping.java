package io.dckd.plugins.dckd.dmm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import com.typesafe.config.ConfigException;
import io.dckd.core.config.Precision;
import io.dckd.core.nn.Casts;
import io.dckd.core.nn.FreshInit;
import io.dckd.core.nn.ParameterCast;
import io.dckd.core.nn.StateDict;
import io.dckd.core.nn.TorchNames;
import io.dckd.core.spi.CodebookEncoder;
import io.dckd.core.spi.DistributionMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The frozen mapping of {@link Dmm}: a {@link CodebookEncoder} (taming VQGAN) with its own (capped) NDManager on the
 * run's device, parameters loaded by their taming keys ({@code encoder.*}, {@code quant_conv.*},
 * {@code quantize.embedding.weight}) and never requiring gradient. {@link #encode} is one encoder
 * pass (official {@code get_feas} and {@code encode} share it): the ResnetBlock-0 output of each of
 * the L levels and, when asked, the code logits −‖quant_conv(encoder(x)) − e_k‖² per position. Gradient
 * reaches the input only.
 */
public final class VqMapping implements DistributionMapper.Mapping {

    private final NDManager manager;
    private final CodebookEncoder encoder;
    private final ParameterStore store;
    private final double[] levelWeights;
    private final long parameterCount;
    private final Supplier<CodebookEncoder> fresh;
    private CodebookEncoder frozenEncoder;
    private ParameterStore frozenStore;
    private NDManager frozenManager;
    private Precision frozenPrecision = Precision.FP32;

    private VqMapping(NDManager manager, CodebookEncoder encoder, double[] levelWeights, Supplier<CodebookEncoder> fresh) {
        this.manager = manager;
        this.encoder = encoder;
        this.fresh = fresh;
        this.frozenEncoder = encoder;
        this.store = new ParameterStore(manager, false);
        this.frozenStore = store;
        this.levelWeights = levelWeights;
        this.parameterCount = TorchNames.count(encoder);
    }

    /**
     * Builds the encoder of {@code options} on the context's device and loads {@code weights}, or,
     * when {@code weights} is null, gives it fresh seeded weights (random_init).
     */
    static VqMapping load(DmmOptions options, DistributionMapper.MapperContext context, Path weights) {
        CodebookEncoder encoder = Dmm.encoder(options, context);
        int levels = encoder.levels();
        if (options.levelWeights().length != levels) {
            throw new ConfigException.BadValue(options.encoder().origin(), "level_weights",
                    "has " + options.levelWeights().length + " weights but the encoder has " + levels + " levels");
        }
        NDManager manager = NDManager.newBaseManager(context.device());
        manager.setName("dmm");
        try {
            int side = 1 << (levels - 1);
            encoder.initialize(manager, DataType.FLOAT32, new Shape(1, 3, side, side));
            for (Parameter p : TorchNames.parameters(encoder).values()) {
                p.getArray().setRequiresGradient(false);
            }
            if (weights == null) {
                FreshInit.apply(encoder, context.seed());
                context.log(String.format("DMM: %s encoder + codebook (%,d parameters), random frozen weights from seed %d",
                        options.encoder().type(), TorchNames.count(encoder), context.seed()));
                manager.cap();
                return new VqMapping(manager, encoder, options.levelWeights().clone(), () -> Dmm.encoder(options, context));
            }
            List<String> unused;
            try (NDManager files = manager.newSubManager()) {
                Map<String, NDArray> dict = context.weights().read(files, weights, options.paramKey());
                unused = StateDict.load(encoder, dict, options.strictLoad(), weights.toString());
            }
            context.log(String.format("DMM: %s encoder + codebook (%,d parameters) loaded from %s%s", options.encoder().type(),
                    TorchNames.count(encoder), weights, unused.isEmpty() ? "" : " (ignored " + unused.size() + " other keys)"));
            manager.cap();
            return new VqMapping(manager, encoder, options.levelWeights().clone(), () -> Dmm.encoder(options, context));
        } catch (IOException e) {
            manager.close();
            throw new UncheckedIOException("DMM cannot read weights " + weights + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    @Override
    public double[] levelWeights() {
        return levelWeights.clone();
    }

    @Override
    public DistributionMapper.Encoded encode(NDArray images, boolean withDistribution) {
        // one scope per pass: the encoder's intermediates are freed as soon as it returns
        try (NDScope scope = new NDScope()) {
            CodebookEncoder.Encoding e = encoder.encode(store, images, withDistribution);
            NDScope.unregister(e.levels());
            if (e.codeLogits() != null) {
                NDScope.unregister(e.codeLogits());
            }
            return new DistributionMapper.Encoded(e.levels(), e.codeLogits(), levelWeights);
        }
    }

    /** The frozen pass in {@link #castFrozen}'s format: input cast, weights cast once, features and code logits back in fp32. */
    @Override
    public DistributionMapper.Encoded encodeFrozen(NDArray images, boolean withDistribution) {
        if (frozenPrecision == Precision.FP32) {
            return encode(images, withDistribution);
        }
        try (NDScope scope = new NDScope()) {
            CodebookEncoder.Encoding e = frozenEncoder.encode(frozenStore, Casts.to(images, frozenPrecision), withDistribution);
            NDList levels = new NDList();
            for (NDArray l : e.levels()) {
                levels.add(Casts.toFloat32(l));
            }
            NDArray logits = e.codeLogits() == null ? null : Casts.toFloat32(e.codeLogits());
            NDScope.unregister(levels);
            if (logits != null) {
                NDScope.unregister(logits);
            }
            return new DistributionMapper.Encoded(levels, logits, levelWeights);
        }
    }

    /**
     * A second encoder in this mapping's manager with the same weights cast to {@code precision}, for
     * {@link #encodeFrozen}; {@link #encode} (E(S(x)), whose gradient reaches the student) keeps the fp32 one.
     */
    @Override
    public void castFrozen(Precision precision) {
        if (precision == frozenPrecision) {
            return;
        }
        if (precision == Precision.FP32 || frozenPrecision != Precision.FP32) {
            throw new IllegalStateException("the frozen encoder is cast once, from fp32");
        }
        CodebookEncoder copy = fresh.get();
        int side = 1 << (encoder.levels() - 1);
        // a manager of its own: this mapping's manager is capped once its weights are in
        frozenManager = NDManager.newBaseManager(manager.getDevice());
        frozenManager.setName("dmm-" + precision.label());
        copy.initialize(frozenManager, DataType.FLOAT32, new Shape(1, 3, side, side));
        Map<String, Parameter> params = TorchNames.parameters(copy);
        for (Parameter p : params.values()) {
            p.getArray().setRequiresGradient(false);
        }
        StateDict.load(copy, StateDict.of(encoder), true, "the fp32 encoder");
        ParameterCast.cast(params.values(), precision);
        frozenEncoder = copy;
        frozenStore = new ParameterStore(frozenManager, false);
        frozenPrecision = precision;
    }

    @Override
    public long parameterCount() {
        return parameterCount;
    }

    /** The encoder (frozen). */
    public CodebookEncoder encoder() {
        return encoder;
    }

    @Override
    public void close() {
        if (frozenManager != null) {
            frozenManager.close();
        }
        manager.close();
    }
}
