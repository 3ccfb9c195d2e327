package io.dckd.core.spi;

/**
 * What every registry entry ({@link BackboneFactory}, {@link LossTerm}, {@link Task}) states about
 * itself: its type key and a one-line description, fixed when it is constructed. Extending this
 * and implementing the SPI leaves an entry only its {@code create}.
 */
public abstract class RegistryEntry {

    private final String type;
    private final String description;

    /**
     * @param type the registry key, e.g. {@code RCAN}
     * @param description one line for listings
     * @throws IllegalArgumentException when {@code type} is blank: a spec could never name it
     */
    protected RegistryEntry(String type, String description) {
        if (type.isBlank()) {
            throw new IllegalArgumentException("a registry entry needs a type key");
        }
        this.type = type;
        this.description = description;
    }

    /** The registry key. */
    public final String type() {
        return type;
    }

    /** One line for listings. */
    public final String description() {
        return description;
    }
}
