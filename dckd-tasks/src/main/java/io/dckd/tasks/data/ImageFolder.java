package io.dckd.tasks.data;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;
import io.dckd.core.image.RgbImage;
import io.dckd.tasks.io.BadImageException;
import io.dckd.tasks.io.ImageFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Lists the images of a dataset folder once (sorted by file name, like BasicSR's {@code scandir}). */
public final class ImageFolder {
    private ImageFolder() {}

    /**
     * The image files (png, jpg, jpeg, bmp) directly in {@code folder}, sorted by name.
     *
     * @param key the config key that named the folder (e.g. {@code datasets.train.dataroot_gt})
     * @param origin where that key was written, for the error message
     * @throws ConfigException.BadValue if the folder is missing or holds no image
     */
    public static List<Path> list(Path folder, String key, ConfigOrigin origin) {
        if (!Files.isDirectory(folder)) {
            throw new ConfigException.BadValue(origin, key, "folder " + folder.toAbsolutePath()
                    + " (from " + key + ") does not exist or is not a directory");
        }
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(folder)) {
            s.filter(p -> !p.getFileName().toString().startsWith(".") && Files.isRegularFile(p) && ImageFiles.isImage(p))
                    .forEach(out::add);
        } catch (IOException e) {
            throw new ConfigException.BadValue(origin, key, "cannot list folder " + folder.toAbsolutePath() + ": " + e);
        }
        if (out.isEmpty()) {
            throw new ConfigException.BadValue(origin, key, "folder " + folder.toAbsolutePath() + " (from " + key
                    + ") contains no images (.png, .jpg, .jpeg, .bmp)");
        }
        out.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return out;
    }

    /**
     * The LQ file that pairs with {@code gt}: {@code filenameTmpl} with "{}" replaced by the GT stem,
     * same extension first (BasicSR's {@code paired_paths_from_folder}), then any image extension.
     */
    public static Path pairOf(Path gt, Path lqFolder, String filenameTmpl) {
        String stem = filenameTmpl.replace("{}", ImageFiles.stem(gt));
        Path same = lqFolder.resolve(stem + "." + ImageFiles.extension(gt));
        if (Files.isRegularFile(same)) {
            return same;
        }
        for (String ext : List.of("png", "jpg", "jpeg", "bmp")) {
            Path p = lqFolder.resolve(stem + "." + ext);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /**
     * Reads an image that a dataset already read once when it was opened (it keeps paths, not
     * pixels): a failure now means the file changed on disk, a state error rather than bad input.
     */
    static RgbImage reread(Path file) {
        try {
            return ImageFiles.read(file);
        } catch (BadImageException e) {
            throw new IllegalStateException("image changed on disk since the dataset was opened: " + e.getMessage(), e);
        }
    }
}
