package io.dckd.tasks.task;

import io.dckd.core.config.ComponentOptions;
import io.dckd.core.spi.ComponentSpec;
import io.dckd.core.spi.RegistryEntry;
import io.dckd.core.spi.RestorationTask;
import io.dckd.core.spi.Task;
import io.dckd.tasks.config.TasksReference;

/**
 * A task of this module: the configured task is built from its {@code task} section read against
 * {@code dckd.tasks.<type>} ({@link TasksReference}).
 */
public abstract class BuiltInTask extends RegistryEntry implements Task {

    /**
     * @param type the registry key, e.g. {@code sr}
     * @param description one line for listings
     */
    protected BuiltInTask(String type, String description) {
        super(type, description);
    }

    @Override
    public final RestorationTask create(ComponentSpec spec) {
        return build(TasksReference.task(type()).read(spec));
    }

    /** Builds the configured task from its checked section. */
    protected abstract RestorationTask build(ComponentOptions o);
}
