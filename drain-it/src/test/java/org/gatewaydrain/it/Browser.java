package org.gatewaydrain.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through its ChromeDriver as a user would use the page:
 * what is shown, typed and pressed. Closing it quits the browser and the driver. Where neither
 * is installed the browser tests are skipped, unless {@code GATEWAY_REQUIRE_BROWSER} is set (as
 * {@code .ci/run} sets it), when they fail instead.
 */
final class Browser implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Skips the calling test where no browser is installed, unless one is required. */
    static void assumeInstalled() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (System.getenv("GATEWAY_REQUIRE_BROWSER") != null) {
            assertThat(installed).as("chromium and chromium-driver are installed (apt-get install chromium chromium-driver)")
                    .isTrue();
        }
        assumeTrue(installed, "chromium and chromium-driver are not installed");
    }

    /** @param scratch a folder of the test's own (its {@code @TempDir}) for the browser's profile */
    static Browser open(Path scratch, int width, int height) throws IOException {
        assumeInstalled();
        Path profile = Files.createTempDirectory(scratch, "chromium-profile-");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        // As root in a container, without a GPU, and without reaching out to the network.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver;
        try {
            driver = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            deleteProfile(profile);
            throw e;
        }
        Browser browser = new Browser(driver, profile);
        try {
            driver.manage().window().setSize(new Dimension(width, height));
            return browser;
        } catch (RuntimeException e) {
            browser.close(); // Chromium and its driver end here, not with the test JVM
            throw e;
        }
    }

    ChromeDriver driver() {
        return driver;
    }

    void go(String url) {
        driver.get(url);
    }

    WebElement element(String id) {
        return driver.findElement(By.id(id));
    }

    /** @return the element's text as shown, once it satisfies {@code shown} */
    String awaitText(String id, java.util.function.Predicate<String> shown) {
        return new WebDriverWait(driver, WAIT).withMessage(() -> "#" + id + " shows \"" + element(id).getText() + "\"")
                .until(d -> {
                    String text = d.findElement(By.id(id)).getText();
                    return shown.test(text) ? text : null;
                });
    }

    void awaitShown(String id) {
        new WebDriverWait(driver, WAIT).withMessage(() -> "#" + id + " is shown").until(d -> d.findElement(By.id(id)).isDisplayed());
    }

    void awaitHidden(String id) {
        new WebDriverWait(driver, WAIT).withMessage(() -> "#" + id + " is hidden").until(d -> !d.findElement(By.id(id)).isDisplayed());
    }

    /** Saves what the page looks like now, as PNG. */
    void screenshot(Path to) throws IOException {
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Files.createDirectories(to.toAbsolutePath().getParent());
        Files.copy(shot.toPath(), to, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * @param expected fragments of the errors the test provoked on purpose (a 401 for a wrong token,
     *     which the browser logs as a failed request)
     * @return every other error the page's console shows: script errors, policy violations, failed
     *     requests (a 404 for a missing icon counts too)
     */
    List<String> consoleErrors(String... expected) {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage)
                .filter(m -> java.util.Arrays.stream(expected).noneMatch(m::contains)).toList();
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            deleteProfile(profile);
        }
    }

    private static void deleteProfile(Path profile) throws IOException {
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
