package io.dckd.tasks.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;

/**
 * Collects the warnings an {@link ImageReader} reports while decoding, so that {@link ImageFiles}
 * can refuse the image: javax.imageio reports damage it can decode around ("Premature end of JPEG
 * file", "Corrupt JPEG data: ... extraneous bytes") only as warnings and returns an image that is
 * partly grey or smeared. A decoded image with a warning is treated as a corrupt file.
 */
final class DecodeWarnings implements IIOReadWarningListener {

    private final List<String> warnings = new ArrayList<>();

    /** Listens to {@code reader}'s warnings. */
    static DecodeWarnings on(ImageReader reader) {
        DecodeWarnings w = new DecodeWarnings();
        reader.addIIOReadWarningListener(w);
        return w;
    }

    @Override
    public synchronized void warningOccurred(ImageReader source, String warning) {
        warnings.add(warning);
    }

    /** Throws a {@link BadImageException} naming {@code file} and the warnings, if there were any. */
    synchronized void throwIfAny(Path file) throws BadImageException {
        if (!warnings.isEmpty()) {
            throw new BadImageException(file, "corrupt: the decoder reported " + String.join("; ", warnings));
        }
    }
}
