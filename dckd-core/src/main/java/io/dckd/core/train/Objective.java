package io.dckd.core.train;

import ai.djl.ndarray.NDArray;
import com.typesafe.config.Config;
import io.dckd.core.config.ConfigProblem;
import io.dckd.core.registry.ComponentRegistry;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.LossTerm;
import io.dckd.core.spi.StepContext;
import io.dckd.core.spi.WeightedTerm;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The training objective: the weighted sum of every configured {@code train.*_opt} term,
 * {@code L = Σ_t loss_weight_t · term_t} (torchdistill's WeightedSumLoss, BasicSR's option names).
 */
public final class Objective {

    private final List<WeightedTerm> terms;

    public Objective(List<WeightedTerm> terms) {
        if (terms.isEmpty()) {
            throw new ConfigProblem("no loss configured: add at least one train.*_opt section, e.g. pixel_opt { type = L1Loss }");
        }
        this.terms = List.copyOf(terms);
    }

    /**
     * Builds one term per {@code train.<name>_opt} section (null sections are off), in config order
     * (pixel, logits, lcr, cl, ce first when present).
     */
    public static Objective fromTrain(Config train, String trainPath, ComponentRegistry<LossTerm> registry) {
        List<String> names = new ArrayList<>();
        for (String key : train.root().keySet()) {
            if (key.endsWith("_opt") && train.hasPath(key)) {
                names.add(key);
            }
        }
        List<String> order = List.of("pixel_opt", "logits_opt", "lcr_opt", "cl_opt", "ce_opt");
        names.sort((a, b) -> Integer.compare(rank(order, a), rank(order, b)) != 0
                ? Integer.compare(rank(order, a), rank(order, b)) : a.compareTo(b));
        List<WeightedTerm> terms = new ArrayList<>();
        for (String key : names) {
            ComponentSpec spec = new ComponentSpec(train.getConfig(key).getString("type"), train.getConfig(key), trainPath + "." + key);
            terms.add(registry.get(spec).create(spec));
        }
        return new Objective(terms);
    }

    private static int rank(List<String> order, String key) {
        int i = order.indexOf(key);
        return i < 0 ? order.size() : i;
    }

    /** The terms, in evaluation order. */
    public List<WeightedTerm> terms() {
        return terms;
    }

    /** Every context name some term reads. */
    public java.util.Set<String> inputs() {
        java.util.Set<String> s = new java.util.LinkedHashSet<>();
        for (WeightedTerm t : terms) {
            s.addAll(t.inputs());
        }
        return s;
    }

    /**
     * Computes the total; fills {@code values} with each term's unweighted value (by term name) and
     * {@code l_total}.
     */
    public NDArray total(StepContext ctx, Map<String, Double> values) {
        NDArray total = null;
        for (WeightedTerm t : terms) {
            NDArray v = t.compute(ctx);
            values.put(t.name(), (double) v.getFloat());
            NDArray w = t.weight() == 1.0 ? v : v.mul(t.weight());
            total = total == null ? w : total.add(w);
        }
        values.put("l_total", (double) total.getFloat());
        return total;
    }

    /** The objective as a line for the log, e.g. {@code L = 1.0*L1(student,gt) + 0.1*l_cl(...)}. */
    public String render() {
        StringBuilder sb = new StringBuilder("L = ");
        for (int i = 0; i < terms.size(); i++) {
            WeightedTerm t = terms.get(i);
            sb.append(i == 0 ? "" : " + ").append(String.format(Locale.ROOT, "%s*%s", trim(t.weight()), t.formula()));
        }
        return sb.toString();
    }

    private static String trim(double w) {
        String s = String.format(Locale.ROOT, "%.6g", w);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", ".0") : s;
    }
}
