package io.dckd.core.train;

import ai.djl.ndarray.NDArray;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.dckd.core.config.ConfigProblem;
import io.dckd.core.nn.Scalars;
import io.dckd.core.registry.ComponentRegistry;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.LossTerm;
import io.dckd.core.spi.StepContext;
import io.dckd.core.spi.StepInput;
import io.dckd.core.spi.WeightedTerm;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The training objective: the weighted sum of every configured loss term (torchdistill's
 * {@code WeightedSumLoss}, BasicSR's {@code l_total}),
 * {@code L = Σ_t loss_weight_t · term_t(context)}, e.g. the official DCKD objective
 * {@code L = 1.0*L1(student,gt) + 1.0*L1(student,teacher) + 1.0*L1(student,teacher_lcr) + 0.1*ContrasLoss + 0.001*CE}.
 *
 * <p>Terms come from the {@code train} section: every key ending in {@code _opt} (except
 * {@code optim_g}) is one term, built through the loss registry by its {@code type}. A term that is
 * not configured is off. Training with no term is an error.
 */
public final class Objective {

    /** Sections in the order BasicSR's DCKD model adds them; any other section follows, by name. */
    private static final List<String> SECTION_ORDER = List.of("pixel_opt", "logits_opt", "lcr_opt", "cl_opt", "ce_opt");

    /** Where a term was configured (for start-up errors). */
    public record Entry(String section, ConfigOrigin origin, WeightedTerm term) {}

    private final List<Entry> entries;

    private Objective(List<Entry> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("no loss term is configured: add at least one train.<name>_opt section"
                    + " (e.g. pixel_opt { type = L1Loss, loss_weight = 1.0 })");
        }
        Set<String> names = new HashSet<>();
        for (Entry e : entries) {
            if (!names.add(e.term().name())) {
                throw new IllegalArgumentException("two loss terms log under the name '" + e.term().name()
                        + "' (the second in " + e.section() + "); give one a distinct name = l_xxx");
            }
        }
        this.entries = List.copyOf(entries);
    }

    /** An objective over terms built in code, in the given order. */
    public static Objective of(List<? extends WeightedTerm> terms) {
        List<Entry> e = new ArrayList<>();
        for (WeightedTerm t : terms) {
            e.add(new Entry(t.name(), null, t));
        }
        return new Objective(e);
    }

    /**
     * Builds every {@code *_opt} section of {@code train} (path {@code train.<key>}) through
     * {@code registry} (type → {@link LossTerm}).
     */
    public static Objective from(Config train, Function<String, LossTerm> registry) {
        List<String> sections = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> e : train.root().entrySet()) {
            String key = e.getKey();
            if (key.endsWith("_opt") && !key.equals("optim_g")) {
                sections.add(key);
            }
        }
        sections.sort((a, b) -> {
            int ia = rank(a);
            int ib = rank(b);
            return ia != ib ? Integer.compare(ia, ib) : a.compareTo(b);
        });
        List<Entry> entries = new ArrayList<>();
        for (String key : sections) {
            ConfigValue value = train.root().get(key);
            if (value.valueType() != ConfigValueType.OBJECT) {
                throw new ConfigException.WrongType(value.origin(), "train." + key,
                        "a loss section { type = ..., loss_weight = ... }", value.valueType().name());
            }
            Config section = train.getConfig(key);
            if (!section.hasPath("type")) {
                throw new ConfigException.Missing(value.origin(), "train." + key + ".type");
            }
            String type = section.getString("type");
            LossTerm factory = registry.apply(type);
            if (factory == null) {
                throw new ConfigException.BadValue(section.getValue("type").origin(), "train." + key + ".type",
                        "no loss term named '" + type + "'");
            }
            WeightedTerm term = factory.create(new ComponentSpec(type, section, "train." + key));
            entries.add(new Entry(key, value.origin(), term));
        }
        return new Objective(entries);
    }

    /** Builds the terms through a loss registry (unknown types name the key, file:line and the types that exist). */
    public static Objective fromTrain(Config train, String trainPath, ComponentRegistry<LossTerm> registry) {
        if (!hasLossSection(train)) {
            throw new ConfigProblem(train.origin(), "no loss term is configured: add at least one "
                    + trainPath + ".<name>_opt section (e.g. " + trainPath + ".pixel_opt { type = L1Loss, loss_weight = 1.0 })");
        }
        for (Map.Entry<String, ConfigValue> e : train.root().entrySet()) {
            String key = e.getKey();
            if (key.endsWith("_opt") && !key.equals("optim_g") && e.getValue().valueType() == ConfigValueType.OBJECT
                    && train.getConfig(key).hasPath("type")) {
                Config section = train.getConfig(key);
                registry.get(new ComponentSpec(section.getString("type"), section, trainPath + "." + key));
            }
        }
        return from(train, type -> registry.contains(type) ? registry.entries().stream()
                .filter(r -> r.name().equals(type)).findFirst().orElseThrow().component() : null);
    }

    /** True when {@code train} has a loss section ({@code <name>_opt { ... }}; one set to null is off). */
    public static boolean hasLossSection(Config train) {
        return train.root().entrySet().stream().anyMatch(e -> e.getKey().endsWith("_opt") && !e.getKey().equals("optim_g")
                && e.getValue().valueType() == ConfigValueType.OBJECT);
    }

    private static int rank(String section) {
        int i = SECTION_ORDER.indexOf(section);
        return i < 0 ? SECTION_ORDER.size() : i;
    }

    /** The configured terms, in order. */
    public List<WeightedTerm> terms() {
        return entries.stream().map(Entry::term).collect(Collectors.toUnmodifiableList());
    }

    /** The terms with where they were configured. */
    public List<Entry> entries() {
        return entries;
    }

    /** Everything some term reads: what the step must compute. */
    public Set<StepInput> inputs() {
        Set<StepInput> in = EnumSet.noneOf(StepInput.class);
        for (Entry e : entries) {
            in.addAll(e.term().inputs());
        }
        return in;
    }

    /**
     * Fails at start-up, naming the section and its file:line, when a term reads a tensor that the
     * pipeline cannot provide ({@code available}: e.g. no teacher configured, so no {@code teacher}).
     */
    public void requireInputs(Collection<StepInput> available) {
        for (Entry e : entries) {
            List<StepInput> missing = e.term().inputs().stream().filter(n -> !available.contains(n)).toList();
            if (!missing.isEmpty()) {
                String msg = "loss term " + e.term().name() + " = " + e.term().formula() + " needs " + missing
                        + ", which this pipeline does not provide (it provides " + available
                        + "); configure what produces them (e.g. network_t for teacher, network_vq for encoded_*),"
                        + " or remove the section";
                if (e.origin() != null) {
                    throw new ConfigException.BadValue(e.origin(), "train." + e.section(), msg);
                }
                throw new IllegalStateException(msg);
            }
        }
    }

    /**
     * The weighted total {@code Σ_t w_t · term_t(context)} (a scalar carrying the student's
     * gradient), in the step's manager. When {@code out} is given, each term's weighted value is
     * put under its name ({@code l_pix}, {@code l_kd}, {@code l_lcr}, {@code l_cl}, {@code l_ce}), as
     * BasicSR's {@code loss_dict} holds {@code loss_weight · loss}.
     */
    public NDArray total(StepContext context, Map<String, Double> out) {
        NDArray total = null;
        for (Entry e : entries) {
            WeightedTerm term = e.term();
            NDArray value = term.compute(context);
            NDArray weighted = Scalars.mul(value, term.weight());
            weighted.attach(context.manager());
            if (out != null) {
                out.put(term.name(), (double) weighted.getFloat());
            }
            value.close();
            if (total == null) {
                total = weighted;
            } else {
                NDArray sum = total.add(weighted);
                sum.attach(context.manager());
                total.close();
                weighted.close();
                total = sum;
            }
        }
        return total;
    }

    /** The objective as one line, e.g. {@code L = 1.0*L1(student,gt) + 0.1*ContrasLoss + 0.001*CE}. */
    public String render() {
        return "L = " + entries.stream()
                .map(e -> format(e.term().weight()) + "*" + e.term().formula())
                .collect(Collectors.joining(" + "));
    }

    private static String format(double w) {
        String s = Double.toString(w);
        return s.contains("E") ? new BigDecimal(s).stripTrailingZeros().toPlainString() : s;
    }

    @Override
    public String toString() {
        return render();
    }
}
