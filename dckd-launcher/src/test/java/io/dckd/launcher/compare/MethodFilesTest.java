package io.dckd.launcher.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.dckd.core.config.ConfigProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MethodFilesTest {

    @TempDir
    Path tmp;

    /** A method given as a file path runs under methods/<file name>/, inside the comparison folder. */
    @Test
    void aMethodFileIsNamedByItsFileName() throws Exception {
        Path file = Files.createDirectories(tmp.resolve("mine")).resolve("dckd_random.conf");
        Files.writeString(file, "train { pixel_opt { type = L1Loss } }\n");
        MethodFiles.Method m = MethodFiles.load(file.toString(), tmp.resolve("home"));
        assertEquals("dckd_random", m.id());
        assertEquals("dckd_random", m.label());
        Path run = tmp.resolve("cmp").resolve("methods").resolve(m.id()).resolve("seed0");
        assertTrue(run.startsWith(tmp.resolve("cmp")), run.toString());
    }

    @Test
    void twoFilesOfOneNameAreRefused() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a")).resolve("m.conf");
        Path b = Files.createDirectories(tmp.resolve("b")).resolve("m.conf");
        Files.writeString(a, "label = A\n");
        Files.writeString(b, "label = B\n");
        List<MethodFiles.Method> both = List.of(MethodFiles.load(a.toString(), tmp), MethodFiles.load(b.toString(), tmp));
        ConfigProblem e = assertThrows(ConfigProblem.class, () -> MethodFiles.distinct(both));
        assertTrue(e.getMessage().contains("'m'") && e.getMessage().contains(a.toString()), e.getMessage());
    }

    /** The base's term sections are named, so that the comparison can say that their settings reach no method. */
    @Test
    void baseTermsAreListed() {
        var base = ConfigFactory.parseString("train { optim_g { lr = 1 }, ce_opt { type = CELoss, tau = 0.1 }, pixel_opt { type = L1Loss } }");
        assertEquals(List.of("train.ce_opt", "train.pixel_opt"), MethodFiles.baseTerms(base));
        var m = new MethodFiles.Method("x", "x", tmp, ConfigFactory.parseString("train { cl_opt { type = ContrasLoss } }"));
        var applied = MethodFiles.apply(base, m);
        assertTrue(!applied.hasPath("train.ce_opt") && applied.hasPath("train.cl_opt") && applied.hasPath("train.optim_g.lr"));
    }
}
