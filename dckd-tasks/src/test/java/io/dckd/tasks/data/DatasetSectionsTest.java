package io.dckd.tasks.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dckd.core.registry.UnknownComponentException;
import org.junit.jupiter.api.Test;

class DatasetSectionsTest {

    private static Config parse(String text) {
        return ConfigFactory.parseString(text, com.typesafe.config.ConfigParseOptions.defaults().setOriginDescription("run.conf"));
    }

    @Test
    void trainAndEveryValSectionGetTheirDefaultsUnderTheUsersValues() {
        Config root = DatasetSections.withDefaults(parse("""
                name = x
                datasets {
                  train { type = SingleImageDataset, dataroot_gt = a, gt_size = 64 }
                  val_2 { name = second, dataroot_gt = b }
                  extra { whatever = 1 }
                }
                """));
        assertEquals(64, root.getInt("datasets.train.gt_size"));
        assertEquals("SingleImageDataset", root.getString("datasets.train.type"));
        assertEquals(16, root.getInt("datasets.train.batch_size_per_gpu"));
        assertTrue(root.getBoolean("datasets.train.use_shuffle"));
        assertEquals("second", root.getString("datasets.val_2.name"));
        assertEquals(0, root.getLong("datasets.val_2.seed"));
        assertFalse(root.hasPath("datasets.val_2.dataroot_lq"), "a null default stays absent for the readers");
        assertEquals(parse("whatever = 1").root(), root.getConfig("datasets.extra").root());
        assertEquals("x", root.getString("name"));
    }

    @Test
    void aConfigWithoutDatasetsIsUnchanged() {
        Config root = parse("name = x");
        assertEquals(root, DatasetSections.withDefaults(root));
    }

    @Test
    void anUnknownDatasetTypeNamesKeyLineAndNearestType() {
        UnknownComponentException e = assertThrows(UnknownComponentException.class, () -> DatasetSections.withDefaults(parse(
                "datasets {\n  val {\n    type = SingleImageDatast\n  }\n}\n")));
        assertTrue(e.getMessage().contains("run.conf: 3") && e.getMessage().contains("at datasets.val.type")
                && e.getMessage().contains("did you mean 'SingleImageDataset'"), e.getMessage());
    }
}
