package io.dckd.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Re-runs of {@code dckd train}: a finished run with the same config is reported and nothing
 * trains; a changed config exits 2 naming the change unless {@code --resume} or {@code --restart};
 * {@code --restart} archives with a readable name; {@code --resume} with nothing to resume exits 2;
 * configuration mistakes found before the run directory is made leave none.
 */
class RerunTest {

    @RegisterExtension
    static final TinyRun tiny = TinyRun.perClass();

    /** Runs {@code dckd train} with {@code more} and returns its exit code, stderr and stdout. */
    record Outcome(int code, String err, String out) {}

    static Outcome train(String... more) {
        return captured(() -> tiny.train(more));
    }

    static Outcome captured(Supplier<TinyRun.Result> call) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true));
            TinyRun.Result r = call.get();
            return new Outcome(r.code(), r.err(), out.toString());
        } finally {
            System.setOut(old);
        }
    }

    static List<String> siblings(String prefix) throws Exception {
        try (Stream<Path> s = Files.list(tiny.home.resolve("runs"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).sorted().toList();
        }
    }

    @Test
    void aFinishedRunWithTheSameConfigIsReportedAndNotTrainedAgain() throws Exception {
        assertEquals(0, train("--set", "name=same", "--set", "train.total_iter=2").code());
        Path metrics = tiny.run("same").resolve("metrics.jsonl");
        String before = Files.readString(metrics);

        Outcome again = train("--set", "name=same", "--set", "train.total_iter=2");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("finished earlier"), again.err());
        assertTrue(again.out().contains("student (EMA)") || again.out().contains("EMA"), "the report is printed: " + again.out());
        assertEquals(before, Files.readString(metrics), "nothing trained");
        assertEquals(List.of("same"), siblings("same"), "nothing archived");
    }

    @Test
    void aChangedConfigOnAFinishedRunExits2NamingTheChange() throws Exception {
        assertEquals(0, train("--set", "name=changed", "--set", "train.total_iter=2").code());
        Outcome r = train("--set", "name=changed", "--set", "train.total_iter=2", "--set", "train.optim_g.lr=2e-3");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("train.optim_g.lr: 0.001 -> 0.002"), r.err());
        assertTrue(r.err().contains("--resume") && r.err().contains("--restart"), r.err());
        assertEquals(List.of("changed"), siblings("changed"), "nothing archived");
    }

    @Test
    void resumeContinuesAFinishedRunWhoseTotalWasRaised() throws Exception {
        assertEquals(0, train("--set", "name=raised", "--set", "train.total_iter=2").code());
        Outcome r = train("--set", "name=raised", "--set", "train.total_iter=4", "--resume");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(tiny.run("raised").resolve("train.log")).contains("at iteration 2"), "resumed, not restarted");
    }

    @Test
    void restartArchivesWithAReadableTimestamp() throws Exception {
        assertEquals(0, train("--set", "name=again", "--set", "train.total_iter=2").code());
        Outcome r = train("--set", "name=again", "--set", "train.total_iter=2", "--restart");
        assertEquals(0, r.code(), r.err());
        List<String> names = siblings("again");
        assertEquals(2, names.size(), names.toString());
        assertTrue(names.get(1).matches("again_archived_\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}"), names.toString());
        assertTrue(Files.exists(tiny.run("again").resolve("models/net_g.safetensors")), "trained again");
    }

    @Test
    void resumeWithNothingToResumeExits2() throws Exception {
        Outcome r = train("--set", "name=never", "--resume");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("nothing to resume"), r.err());
        assertFalse(Files.exists(tiny.run("never")), "no run directory made");
    }

    @Test
    void anUnfinishedRunWithTheSameConfigContinuesAndAChangedOneExits2() throws Exception {
        assertEquals(0, train("--set", "name=partial", "--set", "train.total_iter=2").code());
        // what a run stopped after its checkpoint of iteration 2 leaves: no stage marker yet
        for (String m : List.of("train.done", "export.done")) {
            Files.delete(tiny.run("partial").resolve("stages").resolve(m));
        }
        Outcome changed = train("--set", "name=partial", "--set", "train.total_iter=4");
        assertEquals(2, changed.code(), changed.err());
        assertTrue(changed.err().contains("train.total_iter: 2 -> 4"), changed.err());

        Outcome same = train("--set", "name=partial", "--set", "train.total_iter=2");
        assertEquals(0, same.code(), same.err());
        assertTrue(same.err().contains("continuing the unfinished run"), same.err());
        assertTrue(Files.exists(tiny.run("partial").resolve("stages/export.done")));
    }

    @Test
    void configMistakesFoundBeforeTheRunDirectoryLeaveNone() throws Exception {
        Outcome data = train("--set", "name=baddata", "--set", "datasets.train.dataroot_gt=\"" + tiny.home.resolve("nowhere") + "\"");
        assertEquals(2, data.code(), data.err());
        assertTrue(data.err().contains("datasets.train.dataroot_gt"), data.err());
        Outcome val = train("--set", "name=badval", "--set", "datasets.val.dataroot_gt=\"" + tiny.home.resolve("plugins") + "\"");
        assertEquals(2, val.code(), val.err());
        assertTrue(val.err().contains("contains no images"), val.err());
        Outcome weights = train("--set", "name=badweights", "--set", "path.pretrain_network_g=\"" + tiny.home.resolve("none.safetensors") + "\"");
        assertEquals(2, weights.code(), weights.err());
        assertTrue(weights.err().contains("path.pretrain_network_g: no such file"), weights.err());
        Outcome loss = train("--set", "name=badloss", "--set", "train.pixel_opt.type=L1Los");
        assertEquals(2, loss.code(), loss.err());
        for (String n : List.of("baddata", "badval", "badweights", "badloss")) {
            assertFalse(Files.exists(tiny.run(n)), n + ": no run directory made");
        }
    }

    @Test
    void aFailedAttemptIsReusedNotArchived() throws Exception {
        Path attempt = tiny.run("retry");
        Files.createDirectories(attempt);
        Files.writeString(attempt.resolve("train.log"), "an attempt that failed before its first checkpoint\n");
        Outcome r = train("--set", "name=retry", "--set", "train.total_iter=2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("failed attempt"), r.err());
        assertEquals(List.of("retry"), siblings("retry"));
        assertFalse(Files.readString(attempt.resolve("train.log")).contains("an attempt that failed"));
    }
}
