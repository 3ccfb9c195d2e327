package io.dckd.launcher.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A method's PSNR minus the reference method's (Scratch), seed by seed: both runs of a seed share the
 * initialisation, the data order and the schedule, so the difference cancels most of the seed-to-seed
 * spread that an unpaired mean ± std carries (ANCHORS.md: ~0.05 dB between seeds of one method).
 *
 * @param perSeed method − reference per seed (NaN where either was not measured)
 * @param mean mean of {@code perSeed}
 * @param std sample standard deviation of {@code perSeed} (0 for one seed)
 * @param wins seeds on which the method is above the reference
 */
public record PairedDifference(List<Double> perSeed, double mean, double std, int wins) {

    /** The paired difference of {@code method} to {@code reference} on {@code weights}, {@code set}, {@code metric}. */
    public static PairedDifference of(Comparison.MethodResult method, Comparison.MethodResult reference, String weights, String set,
                                      String metric) {
        List<Double> d = new ArrayList<>();
        int n = Math.min(method.seeds().size(), reference.seeds().size());
        int wins = 0;
        for (int k = 0; k < n; k++) {
            double v = method.seeds().get(k).get(weights, set, metric) - reference.seeds().get(k).get(weights, set, metric);
            d.add(v);
            if (v > 0) {
                wins++;
            }
        }
        double[] ms = ComparisonReport.meanStd(d);
        return new PairedDifference(List.copyOf(d), ms[0], ms[1], wins);
    }

    /** The reference run of a comparison: the method with id {@code scratch}, if it was trained. */
    public static Comparison.MethodResult reference(List<Comparison.MethodResult> methods) {
        return methods.stream().filter(r -> r.method().id().equals("scratch")).findFirst().orElse(null);
    }

    /** {"mean", "std", "wins", "seeds", "per_seed"} for compare.json. */
    public Map<String, Object> json() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mean", mean);
        out.put("std", std);
        out.put("wins", wins);
        out.put("seeds", perSeed.size());
        out.put("per_seed", perSeed);
        return out;
    }
}
