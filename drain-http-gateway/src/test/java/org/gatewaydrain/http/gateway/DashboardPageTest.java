package org.gatewaydrain.http.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's files as the server sends them: no token needed, a strict
 * Content-Security-Policy on each, nothing inline for it to forbid, and nothing loaded from
 * elsewhere. What the page does is tested in a real browser (the live tests).
 */
class DashboardPageTest {

    private static final Pattern INLINE_SCRIPT = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern EVENT_ATTRIBUTE = Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);
    private static final Pattern STYLE_ATTRIBUTE = Pattern.compile("\\sstyle\\s*=", Pattern.CASE_INSENSITIVE);
    private static final Pattern ELSEWHERE = Pattern.compile("(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}", Pattern.CASE_INSENSITIVE);

    @TempDir
    Path home;

    private HttpFixture http;

    @BeforeEach
    void start() {
        http = new HttpFixture(home);
    }

    @AfterEach
    void stop() {
        http.close();
    }

    @Test
    void thePageAndItsFiles_needNoToken_andCarryTheStrictPolicy() {
        for (List<String> file : List.of(List.of("/", "text/html"), List.of("/dashboard/app.js", "text/javascript"),
                List.of("/dashboard/style.css", "text/css"))) {
            HttpResponse<String> response = http.get(file.get(0), null);

            assertThat(response.statusCode()).as(file.get(0)).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).as(file.get(0))
                    .hasValueSatisfying(type -> assertThat(type).startsWith(file.get(1)));
            assertThat(response.headers().firstValue("Content-Security-Policy")).as(file.get(0)).contains(
                    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
                            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
            assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        }
    }

    @Test
    void thePage_hasNothingInline_andLoadsNothingFromElsewhere() {
        String page = http.get("/", null).body();

        assertThat(INLINE_SCRIPT.matcher(page).find()).as("an inline script").isFalse();
        assertThat(EVENT_ATTRIBUTE.matcher(page).find()).as("an inline event handler").isFalse();
        assertThat(STYLE_ATTRIBUTE.matcher(page).find()).as("an inline style").isFalse();
        assertThat(page).contains("<script type=\"module\" src=\"/dashboard/app.js\"></script>");
        for (String path : List.of("/", "/dashboard/app.js", "/dashboard/style.css")) {
            assertThat(ELSEWHERE.matcher(http.get(path, null).body()).find()).as("%s refers elsewhere", path).isFalse();
        }
    }

    @Test
    void theScript_keepsTheTokenInSessionStorage_andSendsItAsAHeaderOnly() {
        String script = http.get("/dashboard/app.js", null).body();

        assertThat(script).contains("sessionStorage.setItem(TOKEN_KEY, token)").doesNotContain("localStorage")
                .contains("Authorization: `Bearer ${session.token}`").doesNotContain("?token=").doesNotContain("EventSource(");
    }
}
