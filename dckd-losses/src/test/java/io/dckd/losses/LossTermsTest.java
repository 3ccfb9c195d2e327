package io.dckd.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.LossTerm;
import io.dckd.losses.internal.TermConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LossTermsTest {

    private static final Set<String> TYPES =
            Set.of("L1Loss", "MSELoss", "CharbonnierLoss", "LabelConsistencyLoss", "ContrasLoss", "CELoss", "FAKDLoss");

    @Test
    void serviceLoaderFindsEveryBuiltIn() {
        assertEquals(TYPES, LossTerms.builtIn().keySet());
    }

    @Test
    void moduleInfoAndServicesFileListTheSameClasses() throws Exception {
        String moduleInfo = Files.readString(Path.of("src/main/java/module-info.java"));
        Matcher m = Pattern.compile("provides io\\.dckd\\.core\\.spi\\.LossTerm with([^;]*);").matcher(moduleInfo);
        m.find();
        Set<String> provided = new TreeSet<>();
        for (String s : m.group(1).split(",")) {
            provided.add(s.trim());
        }
        Set<String> services = new TreeSet<>();
        for (String line : Files.readAllLines(Path.of("src/main/resources/META-INF/services/io.dckd.core.spi.LossTerm"))) {
            if (!line.isBlank()) {
                services.add(line.trim());
            }
        }
        assertEquals(provided, services);
        Set<String> loaded = new TreeSet<>();
        LossTerms.builtIn().values().forEach(t -> loaded.add(t.getClass().getName()));
        assertEquals(services, loaded);
    }

    @Test
    void everyTypeHasDefaultsAndBuildsFromThem() {
        Config ref = TermConfig.reference();
        for (LossTerm t : LossTerms.builtIn().values()) {
            assertEquals(true, ref.hasPath(TermConfig.ROOT + "." + t.type()), t.type());
            String section = t.type().equals("ContrasLoss") ? "cl_opt" : t.type().equals("CELoss") ? "ce_opt" : "pixel_opt";
            t.create(new ComponentSpec(t.type(), com.typesafe.config.ConfigFactory.parseString("type = " + t.type()), "train." + section));
        }
    }
}
