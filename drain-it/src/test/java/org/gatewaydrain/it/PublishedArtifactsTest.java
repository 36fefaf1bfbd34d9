package org.gatewaydrain.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What an outside build depends on stays whole: the BOM names every module the build publishes,
 * at the build's version, and the standalone examples ask for that version.
 */
class PublishedArtifactsTest {

    private static final Path ROOT = Path.of(System.getProperty("repository.root", "..")).toAbsolutePath().normalize();
    /** Modules that are built but not published: tests, measurements, the examples' runner. */
    private static final Set<String> UNPUBLISHED = Set.of("drain-it", "drain-bench", "examples", "gateway-drain-bom");
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern ARTIFACT = Pattern.compile("<artifactId>([^<]+)</artifactId>");

    private static String read(String path) throws IOException {
        return Files.readString(ROOT.resolve(path));
    }

    /** @return the first {@code <tag>} directly in {@code pom} outside any parent or dependency block */
    private static String own(String pom, String tag) {
        String body = pom.replaceAll("(?s)<parent>.*?</parent>", "").replaceAll("(?s)<dependencyManagement>.*?"
                + "</dependencyManagement>", "").replaceAll("(?s)<dependencies>.*?</dependencies>", "")
                .replaceAll("(?s)<build>.*?</build>", "").replaceAll("(?s)<!--.*?-->", "");
        Matcher matcher = Pattern.compile("<" + tag + ">([^<]+)</" + tag + ">").matcher(body);
        assertThat(matcher.find()).as("<%s> in the pom", tag).isTrue();
        return matcher.group(1).trim();
    }

    @Test
    void theBom_listsEveryPublishedModule_atTheBuildsVersion() throws IOException {
        String root = read("pom.xml");
        Set<String> published = new TreeSet<>();
        Matcher module = MODULE.matcher(root);
        while (module.find()) {
            if (!UNPUBLISHED.contains(module.group(1))) {
                published.add(own(read(module.group(1) + "/pom.xml"), "artifactId"));
            }
        }
        String bom = read("gateway-drain-bom/pom.xml").replaceAll("(?s)<!--.*?-->", "");
        Set<String> listed = new TreeSet<>();
        Matcher artifact = ARTIFACT.matcher(bom.substring(bom.indexOf("<dependencyManagement>")));
        while (artifact.find()) {
            listed.add(artifact.group(1));
        }

        assertThat(published).as("published modules").contains("drain-core", "drain-client", "gateway-server");
        assertThat(listed).as("what the BOM lists").isEqualTo(published);
        assertThat(own(bom, "version")).as("the BOM's version").isEqualTo(own(root, "version"));
    }

    @Test
    void theExamples_askForTheBuildsVersion() throws IOException {
        String version = own(read("pom.xml"), "version");
        for (String example : List.of("examples/embedding-app/pom.xml", "examples/folder-transport/pom.xml")) {
            assertThat(read(example)).as(example).contains("<gateway-drain.version>" + version + "</gateway-drain.version>")
                    .contains("<artifactId>gateway-drain-bom</artifactId>").doesNotContain("<parent>");
        }
    }
}
