package io.dckd.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

/** {@code export.formats} and {@code export.fp16}: the default, the choices, and each refusal with what it names. */
class ExportFormatsTest {

    private static ExportFormats of(String export) {
        return ExportFormats.of(ConfigFactory.parseString("export { " + export + " }", com.typesafe.config.ConfigParseOptions.defaults()
                .setOriginDescription("run.conf")));
    }

    private static String refusal(String export) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> of(export));
        assertTrue(e instanceof ConfigException || e instanceof ConfigProblem, e.toString());
        return e.getMessage();
    }

    @Test
    void theDefaultIsSafetensorsOnly() {
        assertEquals(new ExportFormats(false, false), of(""));
        assertEquals(new ExportFormats(false, false), ExportFormats.of(ConfigFactory.empty()));
        assertEquals(new ExportFormats(false, false), ExportFormats.of(RunConfig.defaults()));
    }

    @Test
    void onnxAndFloat16() {
        assertEquals(new ExportFormats(true, false), of("formats = [safetensors, onnx]"));
        assertEquals(new ExportFormats(true, true), of("formats = [onnx, safetensors], fp16 = true"));
    }

    @Test
    void anUnknownFormatIsRefusedWithTheKnownOnes() {
        String m = refusal("formats = [safetensors, onxx]");
        assertTrue(m.contains("export.formats") && m.contains("'onxx'") && m.contains("[safetensors, onnx]") && m.contains("run.conf"), m);
    }

    @Test
    void otherMistakesAreRefused() {
        assertTrue(refusal("formats = [onnx]").contains("must include safetensors"));
        assertTrue(refusal("formats = [safetensors, safetensors]").contains("named twice"));
        assertTrue(refusal("fp16 = true").contains("add onnx to export.formats"));
        assertTrue(refusal("fp16 = yes-please").contains("export.fp16"));
        String typo = refusal("format = [safetensors, onnx]");
        assertTrue(typo.contains("format") && typo.contains("formats"), typo);
    }
}
