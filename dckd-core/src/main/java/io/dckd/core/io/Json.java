package io.dckd.core.io;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * dckd's JSON, written and read with Jackson, in two styles. {@link #line} writes one-line records
 * ({@code metrics.jsonl}, stage markers, {@code state.json}, the reports' JSON): maps keep their
 * insertion order, floating-point numbers carry 8 significant digits ({@code %.8g}, the format of
 * every file dckd wrote before, so records compare and resume alike) and a non-finite number is
 * {@code null}. {@link #pretty} writes indented documents for people (the metrics tool's and the
 * codebook's reports): doubles in full ({@link Double#toString}), a non-finite one as a string
 * ({@code "NaN"}, {@code "Infinity"}) so that a perfect PSNR still reads as such. Paths are written
 * as their text, not as URIs.
 */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new SimpleModule("dckd-paths").addSerializer(Path.class, ToStringSerializer.instance))
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final ObjectWriter LINE = MAPPER.copy()
            .registerModule(new SimpleModule("dckd-records")
                    .addSerializer(Double.class, new SignificantDigits<>(Double.class))
                    .addSerializer(double.class, new SignificantDigits<>(double.class))
                    .addSerializer(Float.class, new SignificantDigits<>(Float.class))
                    .addSerializer(float.class, new SignificantDigits<>(float.class)))
            .writer();

    private static final ObjectWriter PRETTY = MAPPER.writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    private static final ObjectReader OBJECT = MAPPER.readerFor(new TypeReference<LinkedHashMap<String, Object>>() {});

    private Json() {}

    /** {@code value} (maps, lists, strings, numbers, booleans, records) as one line of JSON. */
    public static String line(Object value) {
        return write(LINE, value);
    }

    /** {@code value} as an indented JSON document ending with a newline. */
    public static String pretty(Object value) {
        return write(PRETTY, value) + "\n";
    }

    /**
     * One JSON object, keys in file order: nested objects as maps, arrays as lists, numbers as
     * {@code Integer}, {@code Long} or {@code Double}.
     *
     * @throws JacksonException (an {@link IOException}) when {@code json} is not exactly one object
     */
    public static Map<String, Object> readObject(String json) throws JacksonException {
        Map<String, Object> m = OBJECT.readValue(json);
        if (m == null) {
            throw new com.fasterxml.jackson.core.JsonParseException(null, "null where a JSON object was expected");
        }
        return m;
    }

    private static String write(ObjectWriter writer, Object value) {
        try {
            return writer.writeValueAsString(value);
        } catch (JacksonException e) {
            // only a value Jackson cannot describe (a bean without properties) gets here: a programming error
            throw new UncheckedIOException("cannot write " + value.getClass().getName() + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Eight significant digits, as every dckd record has had; JSON has no NaN, so null. */
    private static final class SignificantDigits<T extends Number> extends StdSerializer<T> {

        SignificantDigits(Class<T> type) {
            super(type);
        }

        @Override
        public void serialize(T value, JsonGenerator g, SerializerProvider provider) throws IOException {
            double d = value.doubleValue();
            if (Double.isFinite(d)) {
                g.writeNumber(String.format(Locale.ROOT, "%.8g", d));
            } else {
                g.writeNull();
            }
        }
    }
}
