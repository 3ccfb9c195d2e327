package io.dckd.backbones.checkpoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Picks the state dict out of a checkpoint and renames its keys, as BasicSR's
 * {@code BaseModel.load_network} does: {@code load_net[param_key]} with a fallback to
 * {@code params} (and here {@code state_dict}, Lightning's key, then the top-level dict), then
 * {@code module.} stripped; dckd adds an optional {@code prefix} filter and {@code strip_prefix}.
 */
final class StateDictSelection {

    private StateDictSelection() {}

    /** The selected tensors and where they came from ({@code params_ema}, ..., or {@code <top level>}). */
    record Selected<T>(String from, List<String> topLevelKeys, LinkedHashMap<String, T> tensors) {}

    static final String TOP_LEVEL = "<top level>";

    /** Selects from an unpickled torch.save object. */
    static Selected<TensorRef> fromPickle(Object root, CheckpointOptions o, String source) throws CheckpointFormatException {
        if (!(root instanceof Py.Dict top)) {
            throw new CheckpointFormatException(source + " holds a " + Py.typeName(root)
                    + " at the top level; expected a dict (a state dict, or a checkpoint with params/params_ema/state_dict)");
        }
        List<String> topKeys = new ArrayList<>();
        for (Object k : top.items.keySet()) {
            topKeys.add(k instanceof String s ? s : Py.typeName(k));
        }
        Py.Dict chosen = null;
        String from = null;
        if (!o.paramKey().isEmpty()) {
            for (String candidate : new LinkedHashSet<>(List.of(o.paramKey(), "params", "state_dict"))) {
                Object v = top.items.get(candidate);
                if (v == null) {
                    continue;
                }
                if (!(v instanceof Py.Dict d)) {
                    throw new CheckpointFormatException(source + ": entry '" + candidate + "' is a " + Py.typeName(v) + ", not a state dict");
                }
                chosen = d;
                from = candidate;
                break;
            }
        }
        if (chosen == null) {
            boolean allTensors = !top.items.isEmpty() && top.items.values().stream().allMatch(v -> v instanceof TensorRef);
            if (!allTensors) {
                throw new CheckpointFormatException("no state dict in " + source + ": "
                        + (o.paramKey().isEmpty() ? "param_key is empty (top level requested)"
                                : "none of '" + o.paramKey() + "', 'params', 'state_dict' is a top-level key")
                        + ", and the top-level dict is not a name -> tensor map; top-level keys: " + Py.keysPreview(top.items)
                        + ". Set param_key to the entry holding the weights.");
            }
            chosen = top;
            from = TOP_LEVEL;
        }
        LinkedHashMap<String, TensorRef> tensors = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> e : chosen.items.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new CheckpointFormatException(source + ": state dict '" + from + "' has a key of type " + Py.typeName(e.getKey()) + " (expected str)");
            }
            Object v = e.getValue();
            if (!(v instanceof TensorRef t)) {
                String where = source + ": state dict entry '" + key + "' (under " + from + ") is ";
                if (v instanceof Py.Opaque op) {
                    throw new UnsafePickleException(where + "an object of class " + op.type
                            + ", which is outside the allowlist of a weights file, not a tensor");
                }
                throw new CheckpointFormatException(where + "a " + Py.typeName(v) + ", not a tensor");
            }
            tensors.put(key, t);
        }
        return new Selected<>(from, topKeys, rename(tensors, o, source));
    }

    /** Strips {@code module.}, keeps keys with {@code prefix}, then strips {@code strip_prefix}. */
    static <T> LinkedHashMap<String, T> rename(Map<String, T> in, CheckpointOptions o, String source) throws CheckpointFormatException {
        LinkedHashMap<String, T> out = new LinkedHashMap<>();
        for (Map.Entry<String, T> e : in.entrySet()) {
            String k = e.getKey().startsWith("module.") ? e.getKey().substring("module.".length()) : e.getKey();
            if (!k.startsWith(o.prefix())) {
                continue;
            }
            if (!o.stripPrefix().isEmpty() && k.startsWith(o.stripPrefix())) {
                k = k.substring(o.stripPrefix().length());
            }
            if (out.put(k, e.getValue()) != null) {
                throw new CheckpointFormatException(source + ": two entries map to the key '" + k + "' after removing prefixes");
            }
        }
        if (out.isEmpty() && !in.isEmpty()) {
            throw new CheckpointFormatException(source + ": no key starts with prefix '" + o.prefix() + "'; the first keys are "
                    + in.keySet().stream().limit(8).toList());
        }
        return out;
    }
}
