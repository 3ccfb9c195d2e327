package io.dckd.core.registry;

/** A component instance with its registry name and origin. */
public record Registered<T>(String name, T component, Origin origin) {}
