package io.dckd.launcher;

/** The dckd version, from the jar manifest (set by Maven) with a fallback for IDE runs. */
public final class Version {

    private Version() {}

    /** e.g. {@code 0.1.0}. */
    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0";
    }
}
