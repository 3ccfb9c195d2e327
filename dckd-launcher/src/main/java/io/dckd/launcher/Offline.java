package io.dckd.launcher;

/** Keeps DJL off the network: no model-zoo or native downloads, no usage tracking. */
public final class Offline {

    private Offline() {}

    /** Sets the system properties DJL reads, unless the user set them. */
    public static void configure() {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("OPT_OUT_TRACKING", "true");
        setIfAbsent("ai.djl.pytorch.graph_optimizer", "false");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
