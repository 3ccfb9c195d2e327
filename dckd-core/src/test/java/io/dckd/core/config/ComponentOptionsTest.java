package io.dckd.core.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.dckd.core.spi.ComponentSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one options reader: defaults, overrides, unknown keys, wrong types and ranges. */
class ComponentOptionsTest {

    private static final Config REFERENCE = ConfigFactory.parseString("""
            dckd.demo.Net {
              num_feat = 64
              res_scale = 1.0
              act = relu
              bias = true
              rgb_mean = [0.4, 0.5, 0.6]
              window = null
              pretrain { lr = 2e-4, total_iter = 100 }
            }
            dckd.ranges.types.Net { num_feat = "int >= 1", pretrain { lr = "number > 0" } }
            """).resolve();

    /** A section as written at run.conf, line by line. */
    private static ComponentSpec spec(String body) {
        Config params = ConfigFactory.parseString("type = Net\n" + body, ConfigParseOptions.defaults().setOriginDescription("run.conf"));
        return new ComponentSpec("Net", params, "network_g");
    }

    private static ComponentOptions read(String body) {
        return ComponentOptions.ofType(REFERENCE, "dckd.demo", "Net").read(spec(body));
    }

    @Test
    void defaultsFillWhatTheUserLeavesOut() {
        ComponentOptions o = read("");
        assertEquals(64, o.getInt("num_feat"));
        assertEquals(1.0, o.getDouble("res_scale"));
        assertEquals("relu", o.getString("act"));
        assertTrue(o.getBoolean("bias"));
        assertArrayEquals(new float[] {0.4f, 0.5f, 0.6f}, o.getFloats("rgb_mean"));
        assertEquals(100, o.getLong("pretrain.total_iter"));
        assertFalse(o.has("window"), "a null default declares an optional key without a value");
        assertFalse(o.userSet("num_feat"));
        assertEquals("network_g", o.path());
    }

    @Test
    void theUsersValuesOverrideTheDefaults() {
        ComponentOptions o = read("num_feat = 32\nwindow = 8\npretrain.lr = 1e-3\nrgb_mean = 0.5");
        assertEquals(32, o.getInt("num_feat"));
        assertEquals(8, o.getInt("window"));
        assertEquals(1e-3, o.getDouble("pretrain.lr"));
        assertEquals(100, o.getInt("pretrain.total_iter"), "a nested default the user left alone stays");
        assertArrayEquals(new double[] {0.5}, o.getDoubles("rgb_mean"), "a single number is a one-element list");
        assertTrue(o.userSet("num_feat"));
    }

    @Test
    void anUnknownKeyNamesItsFileLineTheNearestKeyAndTheValidOnes() {
        ConfigException e = assertThrows(ConfigProblem.class, () -> read("num_feat = 32\nnum_feats = 3"));
        assertTrue(e.getMessage().contains("run.conf: 3"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown key 'num_feats' in network_g; did you mean 'num_feat'?"), e.getMessage());
        assertTrue(e.getMessage().contains("valid keys: act, bias, num_feat, pretrain, res_scale, rgb_mean, type, window"), e.getMessage());
    }

    @Test
    void nestedSectionsAreCheckedUnlessLeftOpen() {
        ConfigException e = assertThrows(ConfigProblem.class, () -> read("pretrain { total_iters = 5 }"));
        assertTrue(e.getMessage().contains("unknown key 'pretrain.total_iters' in network_g; did you mean 'pretrain.total_iter'?"), e.getMessage());
        assertTrue(e.getMessage().contains("run.conf: 2"), e.getMessage());
        ComponentOptions open = ComponentOptions.ofType(REFERENCE, "dckd.demo", "Net").leavingOpen("pretrain")
                .read(spec("pretrain { total_iters = 5 }"));
        assertEquals(5, open.config().getInt("pretrain.total_iters"));
    }

    @Test
    void aTypeIsAllowedOnlyWhereItIsDeclared() {
        Config defaults = REFERENCE.getConfig("dckd.demo.Net");
        Config section = ConfigFactory.parseString("type = Net", ConfigParseOptions.defaults().setOriginDescription("run.conf"));
        assertThrows(ConfigProblem.class, () -> ComponentOptions.over(defaults).read(section, "path"));
        assertEquals("Net", ComponentOptions.over(defaults).allowing("type").read(section, "path").getString("type"));
    }

    @Test
    void aWrongTypeNamesTheKeyTheValueAndTheLine() {
        ComponentOptions o = read("res_scale = 1.5\nact = [a, b]\nbias = maybe\nrgb_mean = [0.1, x]");
        ConfigProblem notInt = assertThrows(ConfigProblem.class, () -> o.getInt("res_scale"));
        assertTrue(notInt.getMessage().contains("key network_g.res_scale = 1.5 at run.conf:2 is not an integer"), notInt.getMessage());
        ConfigProblem notString = assertThrows(ConfigProblem.class, () -> o.getString("act"));
        assertTrue(notString.getMessage().contains("key network_g.act = [\"a\",\"b\"] at run.conf:3 is not a string"), notString.getMessage());
        ConfigProblem notBoolean = assertThrows(ConfigProblem.class, () -> o.getBoolean("bias"));
        assertTrue(notBoolean.getMessage().contains("network_g.bias = \"maybe\" at run.conf:4 is not a boolean"), notBoolean.getMessage());
        ConfigProblem notNumbers = assertThrows(ConfigProblem.class, () -> o.getDoubles("rgb_mean"));
        assertTrue(notNumbers.getMessage().contains("network_g.rgb_mean[1]") && notNumbers.getMessage().contains("run.conf:5"),
                notNumbers.getMessage());
        ConfigProblem list = assertThrows(ConfigProblem.class, () -> read("num_feat = [1, 2]").getInt("num_feat"));
        assertTrue(list.getMessage().contains("network_g.num_feat") && list.getMessage().contains("is a list"), list.getMessage());
    }

    @Test
    void anOutOfRangeValueIsRefusedWhenRead() {
        ConfigProblem e = assertThrows(ConfigProblem.class, () -> read("num_feat = 0"));
        assertTrue(e.getMessage().contains("key network_g.num_feat = 0 at run.conf:2 is out of range: must be an integer >= 1"),
                e.getMessage());
        ConfigProblem nested = assertThrows(ConfigProblem.class, () -> read("pretrain.lr = -1"));
        assertTrue(nested.getMessage().contains("key network_g.pretrain.lr = -1 at run.conf:2 is out of range: must be a number > 0"),
                nested.getMessage());
    }

    @Test
    void choicesIntervalsAndDomainErrorsPointAtTheValue() {
        ComponentOptions o = read("act = gelu\nrgb_mean = [3, 1]");
        ConfigException choice = assertThrows(ConfigException.class, () -> o.oneOf("act", List.of("relu", "prelu")));
        assertTrue(choice.getMessage().contains("run.conf: 2") && choice.getMessage().contains("network_g.act")
                && choice.getMessage().contains("[relu, prelu]"), choice.getMessage());
        ConfigException interval = assertThrows(ConfigException.class, () -> o.interval("rgb_mean"));
        assertTrue(interval.getMessage().contains("run.conf: 3") && interval.getMessage().contains("low <= high"), interval.getMessage());
        assertArrayEquals(new double[] {2, 2}, read("rgb_mean = 2").interval("rgb_mean"));
        ConfigException onDefault = o.bad("num_feat", "must be a multiple of 3");
        assertTrue(onDefault.getMessage().contains("run.conf: 1") && onDefault.getMessage().contains("network_g.num_feat"),
                "a default's error points at the section: " + onDefault.getMessage());
    }

    @Test
    void aTypeWithoutDefaultsIsADefectOfTheReference() {
        assertThrows(IllegalStateException.class, () -> ComponentOptions.ofType(REFERENCE, "dckd.demo", "Nope"));
    }
}
