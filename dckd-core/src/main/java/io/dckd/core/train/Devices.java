package io.dckd.core.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import com.typesafe.config.Config;
import io.dckd.core.config.ConfigProblem;
import java.util.Locale;

/** Chooses the device from {@code device = auto | cpu | gpu | gpu:N} and fails loudly when a GPU is missing. */
public final class Devices {

    private Devices() {}

    /** The device named at {@code device} in the run config. */
    public static Device fromConfig(Config root) {
        String v = root.getString("device").trim().toLowerCase(Locale.ROOT);
        int gpus = Engine.getInstance().getGpuCount();
        if (v.equals("cpu")) {
            return Device.cpu();
        }
        if (v.equals("auto")) {
            return gpus > 0 ? Device.gpu(0) : Device.cpu();
        }
        if (v.equals("gpu") || v.startsWith("gpu:")) {
            int id = v.equals("gpu") ? 0 : Integer.parseInt(v.substring(4));
            if (id >= gpus) {
                throw new ConfigProblem(root.getValue("device").origin(), "device = " + v + " but the engine sees "
                        + gpus + " GPU(s) (engine " + Engine.getInstance().getEngineName() + " "
                        + Engine.getInstance().getVersion() + "); use device = cpu or auto");
            }
            return Device.gpu(id);
        }
        throw new ConfigProblem(root.getValue("device").origin(), "device must be auto, cpu, gpu or gpu:N, not '" + v + "'");
    }
}
