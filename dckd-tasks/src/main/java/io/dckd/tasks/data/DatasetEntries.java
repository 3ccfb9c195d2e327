package io.dckd.tasks.data;

import io.dckd.tasks.io.BadImageException;
import io.dckd.tasks.io.ImageFiles;
import io.dckd.core.image.RgbImage;
import com.typesafe.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Shared loading steps of the datasets: the GT file list and a parallel, skip-on-error decode. */
final class DatasetEntries {
    private static final Logger LOG = LoggerFactory.getLogger(DatasetEntries.class);

    private DatasetEntries() {}

    /** GT files: the folder listing, or the names in {@code meta_info_file} (first token of each line). */
    static List<Path> gtFiles(TrainOptions o) {
        String key = o.path() + ".dataroot_gt";
        List<Path> all = ImageFolder.list(o.datarootGt(), key, o.section().getValue("dataroot_gt").origin());
        if (o.metaInfoFile() == null) {
            return all;
        }
        List<Path> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(o.metaInfoFile())) {
                String t = line.strip();
                if (!t.isEmpty()) {
                    out.add(o.datarootGt().resolve(t.split("\\s+")[0]));
                }
            }
        } catch (IOException e) {
            throw new ConfigException.BadValue(o.section().getValue("meta_info_file").origin(), o.path() + ".meta_info_file",
                    "cannot read " + o.metaInfoFile() + ": " + e);
        }
        if (out.isEmpty()) {
            throw new ConfigException.BadValue(o.section().getValue("meta_info_file").origin(), o.path() + ".meta_info_file",
                    o.metaInfoFile() + " lists no file");
        }
        return out;
    }

    /** Decodes a file, or logs a warning naming it and returns null. */
    static RgbImage readOrWarn(Path file, String dataset) {
        try {
            return ImageFiles.read(file);
        } catch (BadImageException e) {
            LOG.warn("[{}] skipping {}: {}", dataset, file, e.getMessage());
            return null;
        }
    }

    /** Applies {@code load} to each item on {@code threads} threads, keeping order and dropping nulls. */
    static <T, R> List<R> loadAll(List<T> items, int threads, Function<T, R> load) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "dckd-data-load");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<R>> fs = new ArrayList<>();
            for (T item : items) {
                fs.add(pool.submit(() -> load.apply(item)));
            }
            List<R> out = new ArrayList<>();
            for (Future<R> f : fs) {
                R r = f.get();
                if (r != null) {
                    out.add(r);
                }
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading images", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Error for a dataset where every image was skipped. */
    static ConfigException noneUsable(TrainOptions o) {
        return new ConfigException.BadValue(o.section().getValue("dataroot_gt").origin(), o.path() + ".dataroot_gt",
                "no usable training image in " + o.datarootGt().toAbsolutePath() + " (from " + o.path()
                        + ".dataroot_gt): every file was skipped, see the warnings above");
    }
}
