package io.dckd.core.registry;

/** Two components claim one name in one registry. */
public class DuplicateComponentException extends RuntimeException {

    public DuplicateComponentException(String kind, String name, Origin first, Origin second) {
        super("two " + kind + " components are named '" + name + "': one from " + first + ", one from " + second
                + ". Remove one of them, or give the plugin's component another name.");
    }
}
