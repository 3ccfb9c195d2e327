package io.dckd.losses;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A fresh {@link NDManager} for every test, the engine seeded first so random inputs repeat, closed
 * after the test. Register it as a static field and take the manager as a parameter of the
 * {@code @BeforeEach} method (or of a test).
 */
public final class SeededManager implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private final int seed;
    private NDManager manager;

    public SeededManager(int seed) {
        this.seed = seed;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        manager = NDManager.newBaseManager();
        manager.getEngine().setRandomSeed(seed);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        manager.close();
        manager = null;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == NDManager.class;
    }

    @Override
    public NDManager resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return manager;
    }
}
