package io.dckd.core.registry;

/**
 * A plugin that could not be loaded or started: reported at start-up, fatal only if the config names
 * one of its components.
 *
 * @param id plugin id (or the jar name when the descriptor itself was unreadable)
 * @param source the jar
 * @param reason what went wrong
 */
public record PluginFailure(String id, String source, String reason) {

    @Override
    public String toString() {
        return "plugin " + id + " (" + source + "): " + reason;
    }
}
