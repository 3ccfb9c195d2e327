package io.dckd.plugins.dckd;

import org.pf4j.Plugin;

/**
 * The default DCKD components, registered without prefix (plugin id {@code dckd} is a default
 * provider): the dynamic negative sample generator {@code DNSG}
 * ({@link io.dckd.plugins.dckd.dnsg.Dnsg}) and the distribution mapping module {@code DMM}
 * ({@link io.dckd.plugins.dckd.dmm.Dmm}). Defaults: this jar's {@code reference.conf}, under
 * {@code dckd.plugins.dckd}.
 */
public final class DckdPlugin extends Plugin {
}
