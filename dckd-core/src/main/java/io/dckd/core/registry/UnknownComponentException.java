package io.dckd.core.registry;

import io.dckd.core.config.ConfigProblem;
import io.dckd.core.config.KeyCheck;
import io.dckd.core.spi.ComponentSpec;
import java.util.Collection;
import java.util.TreeSet;

/** A config names a component that no registry holds. */
public class UnknownComponentException extends ConfigProblem {

    public UnknownComponentException(ComponentSpec spec, String registry, Collection<String> names, String extra) {
        super(spec.params().hasPath("type") ? spec.params().getValue("type").origin() : spec.origin(),
                "unknown " + registry + " '" + spec.type() + "' at " + spec.path() + ".type"
                        + hint(spec.type(), names) + "; available: " + String.join(", ", new TreeSet<>(names))
                        + (extra == null || extra.isEmpty() ? "" : "; " + extra));
    }

    private static String hint(String name, Collection<String> names) {
        String near = KeyCheck.nearest(name, names);
        return near == null ? "" : " (did you mean '" + near + "'?)";
    }
}
