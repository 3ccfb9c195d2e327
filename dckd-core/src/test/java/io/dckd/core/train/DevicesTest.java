package io.dckd.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import com.typesafe.config.ConfigFactory;
import io.dckd.core.config.ConfigProblem;
import org.junit.jupiter.api.Test;

/** Device selection from {@code device = auto | cpu | gpu | gpu:N}, on a machine without a GPU. */
class DevicesTest {

    @Test
    void cpuAndAutoWithoutGpu() {
        assertEquals(Device.cpu(), Devices.fromConfig(ConfigFactory.parseString("device = cpu")));
        Device auto = Devices.fromConfig(ConfigFactory.parseString("device = auto"));
        assertEquals(Engine.getInstance().getGpuCount() > 0 ? Device.gpu(0) : Device.cpu(), auto);
    }

    @Test
    void aGpuThatIsNotThereIsALoudConfigError() {
        int gpus = Engine.getInstance().getGpuCount();
        ConfigProblem e = assertThrows(ConfigProblem.class,
                () -> Devices.fromConfig(ConfigFactory.parseString("device = \"gpu:" + gpus + "\"")));
        assertTrue(e.getMessage().contains("sees " + gpus + " GPU"), e.getMessage());
        assertThrows(ConfigProblem.class, () -> Devices.fromConfig(ConfigFactory.parseString("device = tpu")));
    }
}
