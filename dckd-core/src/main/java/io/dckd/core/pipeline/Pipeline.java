package io.dckd.core.pipeline;

import com.google.inject.Guice;
import com.google.inject.Inject;
import com.google.inject.Injector;
import com.google.inject.Provider;
import com.typesafe.config.Config;
import io.dckd.core.config.ConfigProblem;
import io.dckd.core.train.RunDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The stages of {@code dckd train}, in order ({@link Stage}): without a teacher, one supervised
 * {@code train} stage and {@code export}; with {@code network_t}, {@code teacher}, {@code codebook}
 * (with {@code network_vq}), {@code distill}, {@code evaluate} and {@code export}. A finished stage is
 * skipped on re-run; once one stage runs, every later one runs again (a distill stage continued
 * further needs a new evaluation and export). Before the stages after the teacher, the teacher must
 * beat the baseline ({@link TeacherCheck}). The stages come from the run's injector ({@link RunModule}).
 */
public final class Pipeline {

    /** A training stage's final table, in its directory (what a re-run of a finished supervised run prints). */
    public static final String SUMMARY = StageTraining.SUMMARY;

    private final PipelineRun p;
    private final Map<String, Provider<Stage>> registered;
    private final Provider<TeacherStage> teacher;

    @Inject
    Pipeline(PipelineRun run, Map<String, Provider<Stage>> registered, Provider<TeacherStage> teacher) {
        this.p = run;
        this.registered = registered;
        this.teacher = teacher;
    }

    /** The pipeline of {@code run}, assembled by a child of the application's injector. */
    public static Pipeline of(Injector app, PipelineRun run) {
        return app.createChildInjector(new RunModule(run)).getInstance(Pipeline.class);
    }

    /** The stages this config runs, in order. */
    public List<String> stages() {
        return stagesOf(p.root());
    }

    /** The stages {@code root} runs, in order. */
    public static List<String> stagesOf(Config root) {
        if (root.hasPath("stages")) {
            return root.getStringList("stages");
        }
        if (!root.hasPath("network_t")) {
            return List.of("train", "export");
        }
        List<String> s = new ArrayList<>(List.of("teacher"));
        if (root.hasPath("network_vq")) {
            s.add("codebook");
        }
        s.addAll(List.of("distill", "evaluate", "export"));
        return s;
    }

    /** Runs every stage not yet finished; returns the final report (Markdown). */
    public String run() throws IOException {
        String report = "";
        boolean ranEarlier = false;
        boolean teacherChecked = false;
        for (Stage stage : resolved()) {
            String name = stage.name();
            if (!ranEarlier && stage.finished(p.markers())) {
                p.log().info("stage %s: done earlier, skipped", name);
                continue;
            }
            if (!teacherChecked && (name.equals("codebook") || name.equals("distill")) && p.root().hasPath("network_t")
                    && p.upstream().done("teacher").isPresent()) {
                teacher.get().check();
                teacherChecked = true;
            }
            ranEarlier = true;
            p.log().info("stage %s", name);
            Optional<String> r = stage.run();
            if (r.isPresent()) {
                report = r.get();
            }
        }
        return report;
    }

    /** True when every stage finished earlier. */
    public boolean finishedEarlier() {
        return resolved().stream().allMatch(s -> s.finished(p.markers()));
    }

    /** True when every stage of {@code root} finished earlier in the run directory {@code dir} (nothing is built). */
    public static boolean finishedEarlier(Config root, Path dir) {
        PipelineRun run = PipelineRun.of(root, null, null, null, new RunDirectory(dir), null);
        return Guice.createInjector(new RunModule(run)).getInstance(Pipeline.class).finishedEarlier();
    }

    /** Every stage of the config, each name checked before any stage runs (a typo in the last one must not cost a training). */
    private List<Stage> resolved() {
        return stages().stream().map(this::stage).toList();
    }

    private Stage stage(String name) {
        Provider<Stage> s = registered.get(name);
        if (s == null) {
            throw new ConfigProblem(p.root().getValue("stages").origin(), "unknown stage '" + name + "'; stages: "
                    + String.join(", ", new TreeSet<>(registered.keySet())));
        }
        return s.get();
    }
}
