package io.dckd.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Copies PyTorch-style state dicts (name → tensor) into a DJL block's parameters and back, by name.
 *
 * <p>Names come from {@link TorchNames}; buffers of {@link TorchBuffers} blocks are part of the
 * dict as in PyTorch (checked for shape on load, never trained). Strict loading fails listing every
 * missing and unexpected key and every shape mismatch; non-strict loading ignores unexpected keys
 * (a VQGAN checkpoint also holds decoder and discriminator weights) but still requires every
 * parameter.
 */
public final class StateDict {

    private StateDict() {}

    /** The block's parameters and buffers under their PyTorch names, values shared (not copied). */
    public static Map<String, NDArray> of(Block block) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : TorchNames.parameters(block).entrySet()) {
            out.put(e.getKey(), e.getValue().getArray());
        }
        out.putAll(buffers(block));
        return out;
    }

    /** Every buffer of {@code block}, keyed by full PyTorch name. */
    public static Map<String, NDArray> buffers(Block block) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        collectBuffers(block, "", out);
        return out;
    }

    /**
     * Loads {@code dict} into {@code block} (already initialised), converting dtype to the
     * parameter's. Returns the keys of {@code dict} that were not used.
     *
     * @throws IllegalArgumentException listing missing keys, unexpected keys (strict only) and
     *     shape mismatches
     */
    public static List<String> load(Block block, Map<String, NDArray> dict, boolean strict, String source) {
        Map<String, Parameter> params = TorchNames.parameters(block);
        Map<String, NDArray> buffers = buffers(block);
        List<String> missing = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            NDArray src = dict.get(e.getKey());
            NDArray dst = e.getValue().getArray();
            if (src == null) {
                missing.add(e.getKey());
            } else if (!src.getShape().equals(dst.getShape())) {
                mismatched.add(e.getKey() + " " + src.getShape() + " in file vs " + dst.getShape() + " in model");
            }
        }
        for (Map.Entry<String, NDArray> e : buffers.entrySet()) {
            NDArray src = dict.get(e.getKey());
            if (src != null && !src.getShape().equals(e.getValue().getShape())) {
                mismatched.add(e.getKey() + " " + src.getShape() + " in file vs " + e.getValue().getShape() + " in model");
            }
        }
        TreeSet<String> unexpected = new TreeSet<>(dict.keySet());
        unexpected.removeAll(params.keySet());
        unexpected.removeAll(buffers.keySet());
        if (!missing.isEmpty() || !mismatched.isEmpty() || (strict && !unexpected.isEmpty())) {
            StringBuilder sb = new StringBuilder("cannot load " + source + " into the network:");
            if (!missing.isEmpty()) {
                sb.append("\n  missing keys (").append(missing.size()).append("): ").append(abbreviate(missing));
            }
            if (strict && !unexpected.isEmpty()) {
                sb.append("\n  unexpected keys (").append(unexpected.size()).append("): ").append(abbreviate(new ArrayList<>(unexpected)));
            }
            if (!mismatched.isEmpty()) {
                sb.append("\n  shape mismatches: ").append(abbreviate(mismatched));
            }
            throw new IllegalArgumentException(sb.toString());
        }
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            NDArray dst = e.getValue().getArray();
            NDArray src = dict.get(e.getKey());
            NDArray converted = src.getDataType() == dst.getDataType() ? src : src.toType(dst.getDataType(), false);
            Overwrite.with(dst, converted);
            if (converted != src) {
                converted.close();
            }
        }
        return new ArrayList<>(unexpected);
    }

    private static String abbreviate(List<String> keys) {
        if (keys.size() <= 12) {
            return String.join(", ", keys);
        }
        return String.join(", ", keys.subList(0, 12)) + ", ... (" + (keys.size() - 12) + " more)";
    }

    private static void collectBuffers(Block block, String prefix, Map<String, NDArray> out) {
        if (block instanceof TorchBuffers tb) {
            for (Map.Entry<String, NDArray> e : tb.buffers().entrySet()) {
                out.put(prefix + e.getKey(), e.getValue());
            }
        }
        int index = 0;
        for (Pair<String, Block> child : block.getChildren()) {
            String name = block instanceof SequentialBlock ? Integer.toString(index) : strip(child.getKey());
            if (block instanceof TorchNames.TorchNamed named) {
                name = named.torchChildName(name, index);
            }
            index++;
            if (name != null) {
                collectBuffers(child.getValue(), name.isEmpty() ? prefix : prefix + name + ".", out);
            }
        }
    }

    private static String strip(String djlName) {
        if (djlName.length() > 2 && Character.isDigit(djlName.charAt(0)) && Character.isDigit(djlName.charAt(1))) {
            return djlName.substring(2);
        }
        return djlName;
    }

    /** Float32 copies of every entry, for saving (keeps the model's arrays untouched). */
    public static Map<String, NDArray> float32Copy(Map<String, NDArray> dict) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : dict.entrySet()) {
            NDArray a = e.getValue();
            out.put(e.getKey(), a.getDataType() == DataType.FLOAT32 || !a.getDataType().isFloating() ? a.duplicate() : a.toType(DataType.FLOAT32, true));
        }
        return out;
    }

    static String describe(long[] shape) {
        return Arrays.toString(shape);
    }
}
