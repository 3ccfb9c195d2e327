package io.dckd.plugins.fsrcnn;

import org.pf4j.Plugin;

/** Example third-party plugin: contributes the FSRCNN backbone as {@code fsrcnn:FSRCNN}. */
public final class FsrcnnPlugin extends Plugin {
}
