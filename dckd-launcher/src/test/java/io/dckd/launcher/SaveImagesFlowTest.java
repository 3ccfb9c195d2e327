package io.dckd.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.dckd.core.image.RgbImage;
import io.dckd.tasks.io.ImageFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code val.save_img}: the validation outputs, where BasicSR puts them. */
class SaveImagesFlowTest {

    @TempDir
    Path home;

    @Test
    void saveImgWritesEveryValidationOutputAndIsOffByDefault() throws Exception {
        TinyRun tiny = new TinyRun(home, "val { val_freq = 4, save_img = true }");
        TinyRun.Result r = tiny.train();
        assertEquals(0, r.code(), r.err());
        Path vis = tiny.run("tiny").resolve("visualization/val");
        List<String> files;
        try (Stream<Path> s = Files.list(vis)) {
            files = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(List.of("coffee_4.png", "coffee_8.png"), files, "<run>/visualization/<set>/<image>_<iter>.png at iterations 4 and 8");
        RgbImage out = ImageFiles.read(vis.resolve("coffee_8.png"));
        assertEquals(32, out.width(), "the x4 output of the 8x6 input");
        assertEquals(24, out.height());

        TinyRun.Result off = tiny.train("--set", "name=off", "--set", "val.save_img=false");
        assertEquals(0, off.code(), off.err());
        assertFalse(Files.exists(tiny.run("off").resolve("visualization")));
    }
}
