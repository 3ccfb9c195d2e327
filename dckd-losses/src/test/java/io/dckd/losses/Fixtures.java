package io.dckd.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.dckd.core.io.SafeTensors;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The official DCKD loss fixtures copied from shared/fixtures/official (losses.safetensors + losses.json). */
public final class Fixtures {

    private Fixtures() {}

    /** Tensors of losses.safetensors: latent.&lt;level&gt;.&lt;j&gt;, lcr.*, s_dist, t_dist. */
    public static Map<String, NDArray> tensors(NDManager manager) throws IOException {
        try (InputStream in = open("losses.safetensors")) {
            return SafeTensors.read(manager, in, "fixtures/losses.safetensors");
        }
    }

    /** losses.json. */
    public static JsonObject json() throws IOException {
        try (InputStream in = open("losses.json")) {
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
    }

    private static InputStream open(String name) throws IOException {
        InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name);
        if (in == null) {
            throw new IOException("test resource /fixtures/" + name + " is missing");
        }
        return in;
    }

    /** Relative difference |a − b| / |b|. */
    public static double rel(double a, double b) {
        return Math.abs(a - b) / Math.abs(b);
    }
}
