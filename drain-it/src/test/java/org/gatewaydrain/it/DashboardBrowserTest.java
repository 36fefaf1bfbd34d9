package org.gatewaydrain.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.gatewaydrain.http.Tokens;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Keys;

/**
 * The dashboard as an operator meets it, in Chromium against a real {@code gateway run}: sign
 * in with the token, watch a drain take the in-flight count of a long turn to zero, cancel,
 * and see the page recover by itself when the server restarts. What is asserted is what the
 * page shows. The running, draining and fleet views are saved as screenshots: into
 * {@code target/screenshots}, or into {@code docs/} for the README with
 * {@code GATEWAY_UPDATE_SCREENSHOTS=1}.
 */
@Tag("live")
@Tag("slow")
class DashboardBrowserTest {

    private static final Path ROOT = Path.of(System.getProperty("repository.root", "..")).toAbsolutePath().normalize();
    private static final String TOKEN = "dashboard-test-token-0123456789abcdefghij";
    private static final Path SCREENSHOTS = System.getenv("GATEWAY_UPDATE_SCREENSHOTS") != null
            ? ROOT.resolve("docs") : Path.of("target", "screenshots");

    @TempDir
    Path temp;

    private Map<String, String> env(Path home) {
        Map<String, String> env = new HashMap<>(LiveHome.env(home));
        env.put("GATEWAY_DRAIN_TOKEN", TOKEN);
        return env;
    }

    @Test
    void signIn_drainWatchingTheCountFall_cancel_andRecoverAfterARestart() throws Exception {
        Browser.assumeInstalled();
        Path home = Files.createDirectories(temp.resolve("home"));
        Path releases = Files.createDirectories(temp.resolve("releases"));
        // The first start takes any free port; the restart takes that one again, as an operator's restart would.
        GatewayProcess gateway = GatewayProcess.serveHeld("dashboard", env(home), releases, "run", "--port", "0");
        int port = gateway.port();
        try (Browser browser = Browser.open(temp, 1100, 1250)) {
            LiveApi api = new LiveApi(gateway.url(), TOKEN);
            browser.go(gateway.url() + "/");

            // A wrong token is refused in a sentence; the right one shows the gateway running.
            browser.element("token").sendKeys("not-the-token", Keys.ENTER);
            assertThat(browser.awaitText("sign-in-error", t -> !t.isEmpty())).contains("token was not accepted");
            browser.element("token").sendKeys(TOKEN, Keys.ENTER);
            browser.awaitText("state", "running"::equals);
            assertThat(browser.element("connection").getText()).isEqualTo("Live");
            browser.screenshot(SCREENSHOTS.resolve("dashboard-running.png"));

            // A turn is in flight (held until released); drain (confirmed in the dialog) and watch it finish.
            CompletableFuture<HttpResponse<String>> turn = api.turn("held-long", 0);
            browser.awaitText("in-flight", "1"::equals);
            // Who blocks: the turn in flight by session, and a countdown (unknown: no turn has finished yet).
            assertThat(browser.awaitText("blocker-rows", t -> !t.isEmpty())).contains("held-long");
            assertThat(browser.element("countdown").getText()).contains("unknown");
            browser.element("reason").sendKeys("kernel patch");
            browser.element("deadline").sendKeys("10");
            browser.element("grace").sendKeys("1");
            browser.element("drain-button").click();
            browser.awaitShown("confirm");
            browser.element("confirm-yes").click();
            browser.awaitText("state", "draining"::equals);
            assertThat(browser.element("in-flight").getText()).isEqualTo("1");
            assertThat(browser.awaitText("drain-reason", t -> !t.isEmpty())).isEqualTo("kernel patch");
            assertThat(browser.element("drain-principal").getText()).isEqualTo("drain-control");
            assertThat(browser.element("drain-deadline").getText()).contains("then interrupt");
            assertThat(browser.element("drain-grace").getText()).startsWith("1 s");
            assertThat(browser.awaitText("action-result", t -> !t.isEmpty())).contains("is draining");
            browser.screenshot(SCREENSHOTS.resolve("dashboard-draining.png"));
            HeldTurns.release(releases, "held-long");
            browser.awaitText("in-flight", "0"::equals);
            browser.awaitShown("quiesced");
            assertThat(turn.get(30, TimeUnit.SECONDS).statusCode()).as("the turn in flight finished").isEqualTo(200);
            assertThat(browser.element("timeline").getText()).contains("running → draining (drain-control: kernel patch)");

            // Cancel: running again, admitted again.
            browser.element("cancel-button").click();
            browser.awaitText("state", "running"::equals);
            browser.awaitHidden("quiesced");
            assertThat(browser.awaitText("action-result", t -> t.contains("cancelled"))).contains("admitted again");

            // The server restarts: the page says it lost the connection, then comes back by itself.
            gateway.close();
            assertThat(browser.awaitText("connection", t -> t.startsWith("Disconnected"))).contains("Reconnecting");
            gateway = GatewayProcess.serveHeld("dashboard-again", env(home), releases, "run", "--port", Integer.toString(port));
            browser.awaitText("connection", "Live"::equals);
            browser.awaitText("state", "running"::equals);
            // A wrong token (401) on purpose, and the restart: the page retried while the server was away.
            assertThat(browser.consoleErrors("status of 401", "ERR_CONNECTION_REFUSED")).isEmpty();
        } finally {
            gateway.close();
        }
    }

    @Test
    void aTokenWithoutTheDrainScope_isToldSoInASentence_andTheNarrowPageFitsWithoutScrollingSideways() throws Exception {
        Browser.assumeInstalled();
        Path home = Files.createDirectories(temp.resolve("home"));
        Path config = home.resolveSibling("gateway.yaml");
        String readerToken = "read-only-token-0123456789abcdefghijklmnop";
        Files.writeString(config, "tokens:\n  - principal: viewer\n    sha256: " + Tokens.sha256Hex(readerToken)
                + "\n    scopes: [status]\n"
                + "webhooks:\n  - name: pager\n    url: http://127.0.0.1:9/hook\n"
                + "    secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n    events: \"*\"\n");
        Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Map<String, String> env = env(home);
        env.put("GATEWAY_CONFIG", config.toString());
        try (GatewayProcess gateway = GatewayProcess.serve("dashboard-narrow", env, "run", "--port", "0");
                Browser browser = Browser.open(temp, 360, 740)) {
            browser.go(gateway.url() + "/");
            browser.element("token").sendKeys(readerToken, Keys.ENTER);
            browser.awaitText("state", "running"::equals);
            // The webhook endpoint's health, without its secret: nothing sent yet.
            assertThat(browser.awaitText("webhook-rows", t -> !t.isEmpty())).contains("pager (http://127.0.0.1:9/hook)", "never")
                    .doesNotContain("whsec");

            // Keyboard only: from the reason field, Tab to the drain button and press Enter, then confirm.
            browser.element("reason").sendKeys("try", Keys.TAB, Keys.TAB, Keys.ENTER);
            browser.awaitShown("confirm");
            browser.driver().switchTo().activeElement().sendKeys(Keys.SHIFT, Keys.TAB);
            browser.driver().switchTo().activeElement().sendKeys(Keys.ENTER);
            assertThat(browser.awaitText("action-error", t -> !t.isEmpty())).contains("not allowed");
            assertThat(browser.element("state").getText()).isEqualTo("running");

            long overflow = (Long) browser.driver().executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertThat(overflow).as("sideways scrolling at 360 px").isLessThanOrEqualTo(0);
            assertThat(browser.element("drain-button").isDisplayed()).isTrue();
            // The drain the token may not ask for (403), on purpose.
            assertThat(browser.consoleErrors("status of 403")).isEmpty();
        }
    }

    @Test
    void tooManyDashboards_andAChannelThatCannotBeWritten_areToldInSentences() throws Exception {
        Browser.assumeInstalled();
        Path home = Files.createDirectories(temp.resolve("home"));
        Map<String, String> env = env(home);
        env.put("GATEWAY_HTTP_MAX_EVENT_STREAMS_PER_PRINCIPAL", "1");
        try (GatewayProcess gateway = GatewayProcess.serve("dashboard-errors", env, "run", "--port", "0");
                Browser browser = Browser.open(temp, 1100, 900)) {
            browser.go(gateway.url() + "/");
            browser.element("token").sendKeys(TOKEN, Keys.ENTER);
            browser.awaitText("state", "running"::equals);

            // A folder where the marker goes: the drain cannot be written (503).
            Files.createDirectory(home.resolve(LiveHome.MARKER));
            browser.element("drain-button").click();
            browser.awaitShown("confirm");
            browser.element("confirm-yes").click();
            assertThat(browser.awaitText("action-error", t -> !t.isEmpty())).startsWith("The gateway cannot do that right now:");
            Files.delete(home.resolve(LiveHome.MARKER));

            // A second tab of the same principal is one dashboard too many (429): it says so and keeps trying.
            String first = browser.driver().getWindowHandle();
            browser.driver().switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
            browser.go(gateway.url() + "/");
            browser.element("token").sendKeys(TOKEN, Keys.ENTER);
            assertThat(browser.awaitText("connection", t -> t.startsWith("Disconnected")))
                    .contains("Too many open dashboards").contains("Reconnecting in 5 s");
            // Closing the first tab frees the slot: the second connects by itself.
            browser.driver().switchTo().window(first).close();
            browser.driver().switchTo().window(browser.driver().getWindowHandles().iterator().next());
            browser.awaitText("connection", "Live"::equals);
            // The refusals this test provokes: the streams over the cap (429) and the channel that cannot be written (503).
            assertThat(browser.consoleErrors("status of 429", "status of 503")).isEmpty();
        }
    }

    @Test
    void onZooKeeper_theFleetTableShowsEveryInstance_andDrainsTheFleetOrOne() throws Exception {
        Browser.assumeInstalled();
        try (ZooKeeperProcess zookeeper = ZooKeeperProcess.start(Files.createDirectories(temp.resolve("zk")));
                GatewayProcess first = GatewayProcess.serve("dashboard-gw-1", fleetEnv(zookeeper, "gw-1"), "run", "--port", "0");
                GatewayProcess second = GatewayProcess.serve("dashboard-gw-2", fleetEnv(zookeeper, "gw-2"), "run", "--port", "0");
                Browser browser = Browser.open(temp, 1100, 900)) {
            browser.go(first.url() + "/");
            browser.element("token").sendKeys(TOKEN, Keys.ENTER);
            browser.awaitShown("fleet");
            browser.awaitText("fleet-rows", t -> t.contains("gw-1") && t.contains("gw-2"));
            browser.awaitText("fleet-summary", "(2 live)"::equals);

            browser.element("fleet-drain").click();
            browser.awaitShown("confirm");
            assertThat(browser.element("confirm-text").getText()).contains("every instance of the fleet");
            browser.element("confirm-yes").click();
            browser.awaitText("fleet-rows", t -> t.lines().filter(l -> l.contains("draining")).count() == 2);
            browser.awaitText("fleet-summary", "(2 live, quiesced)"::equals);
            browser.awaitText("state", "draining"::equals);
            browser.driver().executeScript("document.getElementById('fleet').scrollIntoView();");
            browser.screenshot(SCREENSHOTS.resolve("dashboard-fleet.png"));

            browser.element("fleet-cancel").click();
            browser.awaitText("fleet-rows", t -> !t.contains("draining"));

            // One instance: only gw-2 drains.
            browser.driver().findElement(org.openqa.selenium.By.cssSelector("button[aria-label='Drain gw-2']")).click();
            browser.awaitShown("confirm");
            assertThat(browser.element("confirm-text").getText()).contains("instance gw-2");
            browser.element("confirm-yes").click();
            browser.awaitText("fleet-rows", t -> t.lines().anyMatch(l -> l.contains("gw-2") && l.contains("draining")));
            assertThat(browser.element("fleet-rows").getText().lines().filter(l -> l.contains("gw-1")))
                    .allMatch(l -> l.contains("running"));
            assertThat(browser.element("state").getText()).as("this page's own gateway, gw-1").isEqualTo("running");
            browser.driver().findElement(org.openqa.selenium.By.cssSelector(
                    "button[aria-label='Cancel the drain of gw-2']")).click();
            browser.awaitText("fleet-rows", t -> !t.contains("draining"));

            // A rollout from the CLI: the page follows it through the event stream.
            try (GatewayProcess rollout = GatewayProcess.start("dashboard-rollout", fleetEnv(zookeeper, "operator"),
                    "rollout", "--exec", "sleep 2", "--principal", "alice")) {
                browser.awaitShown("rollout");
                browser.awaitText("rollout-steps", t -> t.contains("gw-1 current"));
                assertThat(browser.element("rollout-text").getText()).contains("sleep 2", "by alice",
                        "Running now by alice");
                browser.driver().executeScript("document.getElementById('rollout').scrollIntoView();");
                browser.screenshot(SCREENSHOTS.resolve("dashboard-rollout.png"));
                assertThat(rollout.awaitExit(Duration.ofSeconds(90))).as(String.join("\n", rollout.output())).isZero();
            }
            browser.awaitText("rollout-summary", "(done: 2 done)"::equals);
            assertThat(browser.element("rollout-steps").getText()).contains("gw-1 done", "gw-2 done");
            assertThat(browser.element("rollout-text").getText()).doesNotContain("Running now");
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    private Map<String, String> fleetEnv(ZooKeeperProcess zookeeper, String instance) throws Exception {
        return zookeeper.fleetEnv(env(Files.createDirectories(temp.resolve("home-" + instance))), "dashboard", instance,
                "10s");
    }
}
