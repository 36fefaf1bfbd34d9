package org.gatewaydrain.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The documentation stays true to the code: every code block marked with an include shows
 * the source the build compiles and runs, every relative link leads to a file of the
 * repository, and nothing points outside it.
 */
class DocsTest {

    private static final Path ROOT = Path.of(System.getProperty("repository.root", "..")).toAbsolutePath().normalize();
    private static final Pattern INCLUDE = Pattern.compile("<!-- include: ([^#\\s]+)(?:#(\\S+))? -->\\n```java\\n(.*?)```",
            Pattern.DOTALL);
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");

    private static List<Path> documents() throws IOException {
        List<Path> documents = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("BENCHMARKS.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        return documents;
    }

    @Test
    void everyIncludedBlock_isTheSourceAsTheBuildHasIt() throws IOException {
        int blocks = 0;
        for (Path document : documents()) {
            Matcher include = INCLUDE.matcher(Files.readString(document));
            while (include.find()) {
                String expected = region(Files.readString(ROOT.resolve(include.group(1))), include.group(2));
                assertThat(include.group(3)).as("%s, the block from %s", ROOT.relativize(document), include.group(1))
                        .isEqualTo(expected);
                blocks++;
            }
        }
        assertThat(blocks).as("included blocks found").isGreaterThanOrEqualTo(3);
    }

    @Test
    void everyRelativeLink_leadsToAFileOfTheRepository() throws IOException {
        for (Path document : documents()) {
            Matcher link = LINK.matcher(Files.readString(document));
            while (link.find()) {
                String target = link.group(1);
                if (target.startsWith("http://") || target.startsWith("https://")) {
                    continue;
                }
                assertThat(document.getParent().resolve(target).normalize()).as("link in %s", ROOT.relativize(document))
                        .exists().startsWith(ROOT);
            }
        }
    }

    @Test
    void nothingPointsOutsideTheRepository() throws IOException {
        for (Path document : documents()) {
            assertThat(Files.readString(document)).as("%s", ROOT.relativize(document))
                    .doesNotContain("CONTRACT.md").doesNotContain("../shared").doesNotContain("shared folder");
        }
    }

    /** @return the whole file, or the lines between {@code // docs:NAME:start} and {@code :end}, dedented */
    private static String region(String source, String name) {
        if (name == null) {
            return source;
        }
        Matcher region = Pattern.compile("// docs:" + name + ":start\\n(.*?)\\n[ \\t]*// docs:" + name + ":end",
                Pattern.DOTALL).matcher(source);
        assertThat(region.find()).as("region %s", name).isTrue();
        List<String> lines = region.group(1).lines().toList();
        int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
                .min().orElse(0);
        StringBuilder text = new StringBuilder();
        lines.forEach(l -> text.append(l.isBlank() ? "" : l.substring(indent)).append('\n'));
        return text.toString();
    }
}
