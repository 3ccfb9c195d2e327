package io.dckd.core.nn;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Names a DJL block's parameters with PyTorch state-dict keys, so checkpoints map by name.
 *
 * <p>Rules: a child added with {@code addChildBlock(name, ...)} contributes {@code name} (DJL's
 * two-digit order prefix is removed); a child of a {@link SequentialBlock} contributes its 0-based
 * index, as {@code nn.Sequential} does; DJL's {@code gamma}/{@code beta} become {@code weight}/
 * {@code bias} (LayerNorm). A block may implement {@link TorchNamed} to rename its children, or to
 * expose buffers (e.g. SwinIR's {@code relative_position_index}) through {@link TorchBuffers}.
 */
public final class TorchNames {

    private TorchNames() {}

    /** Every parameter of {@code block}, keyed by its PyTorch name, in definition order. */
    public static Map<String, Parameter> parameters(Block block) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        walk(block, "", out);
        return out;
    }

    /** Total number of scalar values in the parameters (buffers excluded). */
    public static long count(Block block) {
        long n = 0;
        for (Parameter p : parameters(block).values()) {
            if (p.getArray() == null) {
                throw new IllegalStateException("parameter " + p.getName() + " not initialised");
            }
            n += p.getArray().size();
        }
        return n;
    }

    private static void walk(Block block, String prefix, Map<String, Parameter> out) {
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            String name = switch (p.getKey()) {
                case "gamma" -> "weight";
                case "beta" -> "bias";
                default -> p.getKey();
            };
            if (block instanceof TorchNamed named) {
                name = named.torchParameterName(name);
            }
            String key = prefix + name;
            if (out.put(key, p.getValue()) != null) {
                throw new IllegalStateException("two parameters named " + key);
            }
        }
        int index = 0;
        for (Pair<String, Block> child : block.getChildren()) {
            String name = block instanceof SequentialBlock ? Integer.toString(index) : strip(child.getKey());
            if (block instanceof TorchNamed named) {
                name = named.torchChildName(name, index);
            }
            index++;
            if (name == null) {
                continue; // a child the block hides from the state dict
            }
            walk(child.getValue(), name.isEmpty() ? prefix : prefix + name + ".", out);
        }
    }

    private static String strip(String djlName) {
        if (djlName.length() > 2 && Character.isDigit(djlName.charAt(0)) && Character.isDigit(djlName.charAt(1))) {
            return djlName.substring(2);
        }
        return djlName;
    }

    /** Lets a block rename its children and parameters in the state dict. */
    public interface TorchNamed {
        /** The state-dict name of child {@code index} (DJL name given); "" merges it into this level, null hides it. */
        default String torchChildName(String djlName, int index) {
            return djlName;
        }

        /** The state-dict name of a direct parameter. */
        default String torchParameterName(String name) {
            return name;
        }
    }
}
