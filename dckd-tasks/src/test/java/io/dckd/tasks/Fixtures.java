package io.dckd.tasks;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Test helpers: fixture paths and a minimal reader for the F64 safetensors fixtures. */
public final class Fixtures {
    private Fixtures() {}

    public static Path path(String resource) {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/" + resource).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A float64 tensor from a safetensors file: its shape and data. */
    public record F64(int[] shape, double[] data) {}

    /** Reads tensor {@code name} (dtype F64) of a safetensors fixture. */
    public static F64 f64(String resource, String name) throws IOException {
        byte[] all;
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + resource)) {
            all = in.readAllBytes();
        }
        ByteBuffer bb = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen = (int) bb.getLong(0);
        Config header = ConfigFactory.parseString(new String(all, 8, headerLen, StandardCharsets.UTF_8));
        Config t = header.getConfig("\"" + name + "\"");
        if (!t.getString("dtype").equals("F64")) {
            throw new IOException("expected F64, got " + t.getString("dtype"));
        }
        List<Integer> shape = t.getIntList("shape");
        List<Long> offs = t.getLongList("data_offsets");
        int n = (int) ((offs.get(1) - offs.get(0)) / 8);
        double[] d = new double[n];
        int base = 8 + headerLen + offs.get(0).intValue();
        for (int i = 0; i < n; i++) {
            d[i] = bb.getDouble(base + 8 * i);
        }
        return new F64(shape.stream().mapToInt(Integer::intValue).toArray(), d);
    }
}
