package io.dckd.launcher.cmd;

import com.typesafe.config.Config;
import io.dckd.core.spi.Backbone;
import io.dckd.core.spi.RestorationTask;
import io.dckd.core.train.Devices;
import io.dckd.core.train.MetricsLog;
import io.dckd.core.train.Network;
import io.dckd.core.train.TrainingSetup;
import io.dckd.core.train.Validator;
import io.dckd.launcher.DckdApp;
import io.dckd.launcher.Weights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dckd eval -c FILE --weights W}: PSNR/SSIM per image and mean on every validation set, next to the baseline. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Measure a trained network on the config's validation sets.")
public final class EvalCommand implements Callable<Integer> {

    @Mixin
    AppOptions app;

    @Mixin
    ConfigOptions config;

    @Option(names = "--weights", required = true, description = "weights of network_g (safetensors, or a PyTorch .pth)")
    Path weights;

    @Option(names = "--json", arity = "0..1", fallbackValue = "-", description = "also write JSON (to a file, or to stdout without a value)")
    String json;

    @Override
    public Integer call() throws Exception {
        try (DckdApp a = app.start()) {
            Config root = config.load(a).withValue("path.pretrain_network_g",
                    com.typesafe.config.ConfigValueFactory.fromAnyRef(weights.toString(), "--weights"));
            RestorationTask task = TrainingSetup.task(root, a.components());
            Backbone b = TrainingSetup.backbone(root, "network_g", a.components(), task.scale());
            try (Network net = Network.create("eval", b, Devices.fromConfig(root), 0, false, 16)) {
                TrainingSetup.loadWeights(root, "g", net, Weights.loader());
                Validator v = new Validator(task, task.validationSets(root.getConfig("datasets")), TrainingSetup.metrics(root, task, a.components()));
                Map<String, Validator.SetResult> res = v.evaluate(net);
                Map<String, Validator.SetResult> base = v.baseline();
                System.out.print(table(res, base));
                if (json != null) {
                    String text = toJson(res, base);
                    if (json.equals("-")) {
                        System.out.println(text);
                    } else {
                        Files.writeString(Path.of(json), text);
                    }
                }
            }
        }
        return 0;
    }

    static String table(Map<String, Validator.SetResult> res, Map<String, Validator.SetResult> base) {
        StringBuilder sb = new StringBuilder();
        for (Validator.SetResult r : res.values()) {
            List<String> metrics = new ArrayList<>(r.mean().keySet());
            sb.append("## ").append(r.set()).append('\n');
            sb.append(String.format(Locale.ROOT, "| %-24s |", "image"));
            for (String m : metrics) {
                sb.append(String.format(Locale.ROOT, " %10s | %10s |", m, "base " + m));
            }
            sb.append(String.format(Locale.ROOT, " %8s |%n", "ms"));
            Validator.SetResult b = base.get(r.set());
            for (int i = 0; i < r.images().size(); i++) {
                Validator.ImageResult img = r.images().get(i);
                sb.append(String.format(Locale.ROOT, "| %-24s |", img.name()));
                for (String m : metrics) {
                    sb.append(String.format(Locale.ROOT, " %10.4f | %10.4f |", img.values().get(m), b.images().get(i).values().get(m)));
                }
                sb.append(String.format(Locale.ROOT, " %8.1f |%n", img.ms()));
            }
            sb.append(String.format(Locale.ROOT, "| %-24s |", "mean"));
            for (String m : metrics) {
                sb.append(String.format(Locale.ROOT, " %10.4f | %10.4f |", r.mean().get(m), b.mean().get(m)));
            }
            sb.append(String.format(Locale.ROOT, " %8.1f |%n", r.msPerImage()));
        }
        return sb.toString();
    }

    static String toJson(Map<String, Validator.SetResult> res, Map<String, Validator.SetResult> base) {
        StringBuilder sb = new StringBuilder("{\"sets\":[");
        boolean first = true;
        for (Validator.SetResult r : res.values()) {
            sb.append(first ? "" : ",");
            first = false;
            Map<String, Object> mean = new LinkedHashMap<>(r.mean());
            base.get(r.set()).mean().forEach((k, v) -> mean.put("baseline_" + k, v));
            mean.put("ms_per_image", r.msPerImage());
            sb.append("{\"name\":\"").append(r.set()).append("\",\"mean\":").append(MetricsLog.toJson(mean)).append(",\"images\":[");
            for (int i = 0; i < r.images().size(); i++) {
                Validator.ImageResult img = r.images().get(i);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", img.name());
                m.putAll(img.values());
                base.get(r.set()).images().get(i).values().forEach((k, v) -> m.put("baseline_" + k, v));
                m.put("ms", img.ms());
                sb.append(i == 0 ? "" : ",").append(MetricsLog.toJson(m));
            }
            sb.append("]}");
        }
        return sb.append("]}").toString();
    }
}
