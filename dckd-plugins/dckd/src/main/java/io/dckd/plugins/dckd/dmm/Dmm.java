package io.dckd.plugins.dckd.dmm;

import com.typesafe.config.ConfigException;
import io.dckd.core.spi.Backbone;
import io.dckd.core.spi.CodebookEncoder;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.DistributionMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * Registry type {@code DMM}: DCKD's distribution mapping module (paper §3.3, METHOD.md §3): a
 * frozen taming VQGAN encoder + codebook (a {@link CodebookEncoder} built by name through the
 * registry, type VQGAN or one of its presets) that maps restored images, used as
 * given in [0,1] as the official code does, to the five contrastive feature levels and to the soft
 * code assignment softmax(−‖z − e_k‖²). Options: {@link DmmOptions}.
 *
 * <p>{@link #prepare}: the user's {@code pretrain_network_vqgan}; else a finished
 * {@code <stage>/vq.safetensors}; else {@link CodebookPretrainer} trains a VQ autoencoder on GT
 * patches and writes it there. {@link #create}: the frozen {@link VqMapping}.
 */
@Extension
public final class Dmm implements DistributionMapper {

    /** The registry key. */
    public static final String TYPE = "DMM";

    /** File the codebook stage writes under its stage directory. */
    public static final String WEIGHTS_FILE = "vq.safetensors";

    /** Report the codebook stage writes next to the weights. */
    public static final String REPORT_FILE = "codebook-report.json";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Optional<Path> prepare(ComponentSpec spec, MapperContext context) {
        DmmOptions options = DmmOptions.from(spec);
        if (options.weights() != null) {
            return Optional.of(requireFile(options));
        }
        if (options.randomInit()) {
            context.log("DMM: random_init = true: a frozen, randomly initialised (seeded) encoder and codebook; nothing to pretrain");
            return Optional.empty();
        }
        Path out = context.stageDirectory().resolve(WEIGHTS_FILE);
        if (Files.isRegularFile(out)) {
            context.log("DMM: reusing the pretrained encoder and codebook " + out);
            return Optional.of(out);
        }
        try {
            new CodebookPretrainer(options, context).run(out, context.stageDirectory().resolve(REPORT_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("DMM codebook pretraining could not write " + out, e);
        }
        return Optional.of(out);
    }

    @Override
    public Mapping create(ComponentSpec spec, MapperContext context, Optional<Path> weights) {
        DmmOptions options = DmmOptions.from(spec);
        if (options.weights() == null && options.randomInit()) {
            // ignore a codebook stage's weights from an earlier run of this directory: the config asks
            // for a random encoder now (a resumed run with random_init switched on)
            return VqMapping.load(options, context, null);
        }
        Path file = weights.orElseGet(() -> options.weights() == null ? null : requireFile(options));
        if (file == null) {
            throw new IllegalStateException("DMM (" + spec.path() + " at " + spec.origin().description() + ") has no weights: "
                    + "set pretrain_network_vqgan, or run the codebook stage, which pretrains them");
        }
        return VqMapping.load(options, context, file);
    }

    /** The encoder that {@code options} names, unbuilt; an error if it is not a codebook encoder (a VQGAN). */
    static CodebookEncoder encoder(DmmOptions options, MapperContext context) {
        Backbone bb = context.buildBackbone(options.encoder());
        if (!(bb.block() instanceof CodebookEncoder enc)) {
            throw new ConfigException.BadValue(options.encoder().origin(), options.encoder().path(),
                    "DMM needs a VQGAN encoder (type VQGAN or a preset of it such as vq-tiny, vqgan-f16), got " + bb.type());
        }
        return enc;
    }

    private static Path requireFile(DmmOptions options) {
        if (!Files.isRegularFile(options.weights())) {
            throw new ConfigException.BadValue("pretrain_network_vqgan", "no weights file at " + options.weights().toAbsolutePath()
                    + " (set at " + options.weightsOrigin() + "); set null to pretrain a codebook instead");
        }
        return options.weights();
    }
}
