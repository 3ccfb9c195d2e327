package io.dckd.core.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every {@code METHOD.md §N} / {@code ANCHORS.md} citation in the repository names a file and a section that exist. */
class CitationsTest {

    /** The repository root: surefire runs in the module's folder. */
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @Test
    void everyCitationInTheRepositoryResolves() {
        assertTrue(Files.isRegularFile(REPO.resolve("pom.xml")) && Files.isDirectory(REPO.resolve("dckd-core")), REPO.toString());
        Citations c = new Citations(REPO);
        List<String> all = c.all();
        // the scan must see the code's citations, or it proves nothing
        assertTrue(all.stream().anyMatch(s -> s.contains("ContrasLoss.java") && s.contains("METHOD.md §1.1")), String.join("\n", all));
        assertTrue(all.stream().anyMatch(s -> s.contains("ComparisonReport.java") && s.contains("ANCHORS.md")), String.join("\n", all));
        assertEquals(List.of(), c.broken());
    }

    @Test
    void theMethodReferenceShipsInsideAModule() {
        assertTrue(Files.isRegularFile(REPO.resolve("dckd-core/docs/METHOD.md")));
        assertTrue(Files.isRegularFile(REPO.resolve("dckd-core/docs/ANCHORS.md")));
        assertTrue(Citations.hasHeading(REPO.resolve("dckd-core/docs/METHOD.md"), "8"));
        assertTrue(Citations.hasHeading(REPO.resolve("dckd-core/docs/METHOD.md"), "2.1"));
    }

    @Test
    void missingFilesAndSectionsAreReported(@TempDir Path repo) throws Exception {
        Files.createDirectories(repo.resolve("m/docs"));
        Files.createDirectories(repo.resolve("m/src"));
        Files.writeString(repo.resolve("m/docs/METHOD.md"), "# Title\n## 1. One\n### 1.1 Sub\n## 10. Ten\n");
        Files.writeString(repo.resolve("m/src/A.java"), String.join("\n",
                "// METHOD.md §1.1 and m/docs/METHOD.md §10 resolve",
                "// METHOD.md §1.10 does not",
                "// METHOD.md §2 does not",
                "// see ANCHORS.md, which is missing",
                "// writes report.md (a file name, not a citation)"));
        List<String> broken = new Citations(repo).broken();
        assertEquals(3, broken.size(), String.join("\n", broken));
        assertTrue(broken.get(0).startsWith("m/src/A.java:2: METHOD.md §1.10 -> no heading"), broken.get(0));
        assertTrue(broken.get(1).startsWith("m/src/A.java:3: METHOD.md §2 -> no heading"), broken.get(1));
        assertTrue(broken.get(2).startsWith("m/src/A.java:4: ANCHORS.md -> no such file"), broken.get(2));
    }

    @Test
    void aBareNameMustBeUnique(@TempDir Path repo) throws Exception {
        for (String m : List.of("a", "b")) {
            Files.createDirectories(repo.resolve(m));
            Files.writeString(repo.resolve(m + "/METHOD.md"), "## 1. One\n");
        }
        Files.writeString(repo.resolve("X.java"), "// METHOD.md §1\n");
        assertEquals(1, new Citations(repo).broken().size());
    }
}
