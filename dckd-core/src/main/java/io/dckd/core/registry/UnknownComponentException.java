package io.dckd.core.registry;

import io.dckd.core.config.ConfigProblem;
import io.dckd.core.spi.ComponentSpec;

/** A config names a component that no registry holds. */
public class UnknownComponentException extends ConfigProblem {

    public UnknownComponentException(ComponentSpec spec, String registry, java.util.Collection<String> names, String extra) {
        super(spec.params().hasPath("type") ? spec.params().getValue("type").origin() : spec.origin(),
                "unknown " + registry + " '" + spec.type() + "' at " + spec.path() + ".type"
                        + hint(spec.type(), names) + "; available: " + String.join(", ", new java.util.TreeSet<>(names))
                        + (extra == null || extra.isEmpty() ? "" : "; " + extra));
    }

    private static String hint(String name, java.util.Collection<String> names) {
        String near = io.dckd.core.config.KeyCheck.nearest(name, names);
        return near == null ? "" : " (did you mean '" + near + "'?)";
    }
}
