package io.dckd.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Builds real PF4J plugin jars in a test folder: compiles sources and writes manifest and extension index. */
final class PluginJars {

    private PluginJars() {}

    /**
     * @param sources fully qualified class name → Java source
     * @param extensions extension classes for META-INF/extensions.idx
     */
    static Path build(Path dir, String id, String requires, String pluginClass, Map<String, String> sources,
                      List<String> extensions) throws IOException {
        Path src = Files.createTempDirectory(dir, id + "-src");
        Path classes = Files.createTempDirectory(dir, id + "-classes");
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path f = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> files;
        try (Stream<Path> s = Files.walk(src)) {
            files = s.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
        }
        List<String> args = new ArrayList<>(List.of("-proc:none", "--release", "17", "-cp",
                System.getProperty("java.class.path"), "-d", classes.toString()));
        args.addAll(files);
        int rc = javac.run(null, null, null, args.toArray(String[]::new));
        if (rc != 0) {
            throw new IllegalStateException("plugin sources do not compile");
        }
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Plugin-Id", id);
        a.putValue("Plugin-Version", "1.0.0");
        a.putValue("Plugin-Requires", requires);
        a.putValue("Plugin-Provider", "test");
        if (pluginClass != null) {
            a.putValue("Plugin-Class", pluginClass);
        }
        Path jar = dir.resolve(id + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), mf);
             Stream<Path> s = Files.walk(classes)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, out);
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/extensions.idx"));
            write(out, String.join("\n", extensions) + "\n");
            out.closeEntry();
        }
        return jar;
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Builds a plugin whose one extension is the BackboneFactory {@code factoryClass} of {@link #backboneSource}.
     *
     * @param name the backbone type it registers
     * @param throwInType whether its {@code type()} throws ("broken on purpose")
     */
    static Path backbonePlugin(Path dir, String id, String requires, String factoryClass, String name, boolean throwInType)
            throws IOException {
        int dot = factoryClass.lastIndexOf('.');
        String source = backboneSource(factoryClass.substring(0, dot), factoryClass.substring(dot + 1), name, throwInType);
        return build(dir, id, requires, null, Map.of(factoryClass, source), List.of(factoryClass));
    }

    /** Source of a BackboneFactory named {@code name} building a 1x1 conv (scale 1). */
    static String backboneSource(String pkg, String cls, String name, boolean throwInType) {
        return "package " + pkg + ";\n"
                + "import io.dckd.core.spi.*; import ai.djl.nn.*; import ai.djl.nn.convolutional.Conv2d; import ai.djl.ndarray.types.Shape;\n"
                + "@org.pf4j.Extension public class " + cls + " implements BackboneFactory {\n"
                + "  public String type() { " + (throwInType ? "throw new IllegalStateException(\"broken on purpose\");" : "return \"" + name + "\";") + " }\n"
                + "  public Backbone create(ComponentSpec spec) {\n"
                + "    Block b = Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(3).build();\n"
                + "    return new Backbone() { public String type() { return \"" + name + "\"; } public Block block() { return b; } public int scale() { return 1; } };\n"
                + "  }\n}\n";
    }
}
