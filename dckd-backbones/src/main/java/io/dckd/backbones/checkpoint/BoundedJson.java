package io.dckd.backbones.checkpoint;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Strict JSON for untrusted safetensors headers, read by Jackson within bounds: nesting at most
 * {@link #MAX_DEPTH} deep, numbers at most {@link #MAX_NUMBER_LENGTH} characters, strings and the
 * whole document at most {@link SafeTensorsHeader#MAX_HEADER_BYTES}; no duplicate object keys,
 * integers must fit a {@code long}, nothing after the value. Objects become ordered maps, arrays
 * lists, integers {@code Long}, other numbers {@code Double}, {@code null} Java's null. Every
 * failure is a {@link CheckpointFormatException} naming the file and the character.
 */
final class BoundedJson {

    static final int MAX_DEPTH = 16;
    /** A 64-bit integer has at most 20 characters, a double's longest usual form about 25. */
    static final int MAX_NUMBER_LENGTH = 40;

    private static final ObjectReader READER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxNumberLength(MAX_NUMBER_LENGTH)
                            .maxStringLength((int) SafeTensorsHeader.MAX_HEADER_BYTES)
                            .maxNameLength((int) SafeTensorsHeader.MAX_HEADER_BYTES)
                            .maxDocumentLength(SafeTensorsHeader.MAX_HEADER_BYTES)
                            .build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.USE_LONG_FOR_INTS, DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build()
            .readerFor(Object.class);

    private BoundedJson() {}

    /** Parses one JSON value that must span the whole text (surrounding spaces allowed). */
    static Object parse(String text, String source) throws CheckpointFormatException {
        try {
            return READER.readValue(text);
        } catch (JacksonException e) {
            throw new CheckpointFormatException("malformed safetensors header in " + source + ": " + what(e) + at(e.getLocation()), e);
        }
    }

    /** Jackson's reason in the words this reader has always used, where there are such words. */
    private static String what(JacksonException e) {
        String original = e.getOriginalMessage();
        if (e instanceof StreamConstraintsException && original.contains("nesting depth")) {
            return "JSON nested deeper than " + MAX_DEPTH + " levels";
        }
        if (e instanceof StreamConstraintsException) {
            return "too long: " + original;
        }
        if (e instanceof InputCoercionException) {
            return "bad or out-of-range number: " + original;
        }
        if (e instanceof JsonEOFException || original.startsWith("Unexpected end-of-input")) {
            return "JSON ends early";
        }
        if (original.startsWith("Duplicate field") && e.getProcessor() instanceof JsonParser p) {
            // the parser has just read the repeated name
            return "duplicate key \"" + p.getParsingContext().getCurrentName() + "\"";
        }
        return original;
    }

    private static String at(JsonLocation where) {
        return where == null || where.getCharOffset() < 0 ? "" : " at character " + where.getCharOffset();
    }
}
