package io.dckd.tasks.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dckd.core.image.Rgb8Raster;
import io.dckd.core.image.RgbImage;
import java.awt.image.DataBufferByte;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writing a restored image costs no copy of it: an 8-bit raster is wrapped, not converted, so a big
 * output never exists as floats or ints in the heap (the old writer made two int copies of a float
 * image: 36 bytes per pixel, an OutOfMemoryError for a ×4 photograph).
 */
class ImageFilesWriteTest {

    @TempDir
    Path dir;

    @Test
    void bufferedImageSharesTheRasterBytes() {
        Rgb8Raster r = new Rgb8Raster(5, 4);
        DataBufferByte data = (DataBufferByte) ImageFiles.toBufferedImage(r).getRaster().getDataBuffer();
        assertSame(r.bgr(), data.getData());
    }

    @Test
    void pngRoundTripKeepsEveryValue() throws Exception {
        int w = 37, h = 23;
        float[] chw = new float[3 * w * h];
        for (int i = 0; i < chw.length; i++) {
            chw[i] = ((i * 7919) % 300) / 280f - 0.03f; // includes values outside [0,1]
        }
        RgbImage img = new RgbImage(w, h, chw);
        Path file = dir.resolve("rt.png");
        ImageFiles.write(Rgb8Raster.of(img), file);
        RgbImage back = ImageFiles.read(file);
        int[] q = img.toUint8();
        for (int i = 0; i < q.length; i++) {
            assertEquals(q[i], Math.round(back.chw()[i] * 255f), "sample " + i);
        }
    }

    @Test
    void writingABigRasterAllocatesLessThanAFloatCopy() throws Exception {
        int w = 3000, h = 2000;
        Rgb8Raster r = new Rgb8Raster(w, h);
        for (int i = 0; i < r.bgr().length; i++) {
            r.bgr()[i] = (byte) ((i / 3) % w);
        }
        Path file = dir.resolve("big.png");
        long before = allocatedByThisThread();
        ImageFiles.write(r, file);
        long allocated = allocatedByThisThread() - before;
        long floatCopy = 3L * Float.BYTES * w * h;
        // the encoder's row buffers add up to about two bytes a pixel; the old path made 24 in int copies
        assertTrue(allocated < floatCopy, "writing allocated " + (allocated >> 20) + " MiB; a float copy is " + (floatCopy >> 20) + " MiB");
        assertEquals(w, ImageFiles.size(file)[0]);
    }

    /** HotSpot's per-thread allocation counter, through JMX (the module does not read jdk.management). */
    private static long allocatedByThisThread() throws Exception {
        return (Long) ManagementFactory.getPlatformMBeanServer().getAttribute(new ObjectName("java.lang:type=Threading"), "CurrentThreadAllocatedBytes");
    }
}
