package io.dckd.core.pipeline;

import ai.djl.Device;
import com.typesafe.config.Config;
import io.dckd.core.config.ConfigProblem;
import io.dckd.core.config.ExportFormats;
import io.dckd.core.onnx.OnnxExport;
import io.dckd.core.onnx.OnnxRenderer;
import io.dckd.core.registry.Components;
import io.dckd.core.train.Network;
import io.dckd.core.train.TrainingSetup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The export stage's ONNX model ({@code export.formats} with {@code onnx}): the exported student
 * weights loaded into {@code network_g} on the CPU and written by {@link OnnxExport} (opset
 * {@value OnnxExport#DEFAULT_OPSET}, float32 or, with {@code export.fp16}, float16), after ONNX
 * Runtime ran it on a probe batch (and, for float16, its activations there stayed within 65504).
 */
public final class StudentOnnx {

    private final PipelineRun p;

    StudentOnnx(PipelineRun run) {
        this.p = run;
    }

    /**
     * Before a run that exports ONNX: {@code network_g} (freshly initialised) must render, so an
     * architecture without an ONNX rendering is a configuration error at {@code export.formats}
     * before training, not at the end of it.
     *
     * @param taskScale the task's scale
     */
    public static void requireRenderable(Config root, Components components, int taskScale) {
        if (!ExportFormats.of(root).onnx()) {
            return;
        }
        try (Network net = Network.create("export", TrainingSetup.backbone(root, "network_g", components, taskScale), Device.cpu(), 0,
                false, 16)) {
            OnnxRenderer.render(net.backbone(), OnnxExport.DEFAULT_OPSET, 3);
        } catch (IllegalArgumentException e) {
            throw new ConfigProblem(root.getValue("export.formats").origin(), "export.formats includes onnx, but network_g ("
                    + TrainingSetup.networkSpec(root, "network_g").type() + ") cannot be rendered as ONNX: " + e.getMessage());
        }
    }

    /** Writes the model of the weights in {@code weights} to {@code target}; returns what was written, for the log. */
    String write(Path weights, Path target, boolean fp16) throws IOException {
        int scale = p.task().scale();
        try (Network net = Network.create("export", TrainingSetup.backbone(p.root(), "network_g", p.components(), scale), Device.cpu(), 0,
                false, 16)) {
            try (var m = net.manager().newSubManager()) {
                net.load(p.weights().read(m, weights, null), true, weights.toString());
            }
            String task = p.root().hasPath("task.type") ? p.root().getString("task.type") : "";
            OnnxExport.Checked model = OnnxExport.checked(net, p.components().resolvePreset(TrainingSetup.networkSpec(p.root(), "network_g")),
                    task, OnnxExport.DEFAULT_OPSET, fp16);
            Files.write(target, model.bytes());
            return String.format("%s ONNX model, opset %d, %d bytes; max |ONNX Runtime - DJL| on a probe batch %.3g, largest activation %.4g",
                    fp16 ? "float16" : "float32", OnnxExport.DEFAULT_OPSET, model.bytes().length, model.maxAbsDiff(), model.peak().magnitude());
        }
    }
}
