package org.gatewaydrain.http;

import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the server sends from its jar rather than computes: the dashboard ({@code GET /}, its
 * script, style sheet and icon, also at {@code /favicon.ico}) and the API description
 * ({@code GET /openapi.json}). No token is
 * needed for them; the dashboard's own API calls carry one. Every answer carries a strict
 * Content-Security-Policy (scripts, styles and connections to this origin only, no inline
 * script, no framing), so the page runs nothing it did not ship with. Loaded once; thread-safe.
 */
final class StaticPages {

    /** The page's policy: nothing from elsewhere, nothing inline, no framing. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    static final String OPENAPI_PATH = "/openapi.json";
    private static final String FOLDER = "/org/gatewaydrain/http/";

    private final Map<String, Page> pages = new LinkedHashMap<>();

    StaticPages() {
        pages.put("/", Page.load(FOLDER + "dashboard/index.html", "text/html; charset=utf-8"));
        pages.put("/dashboard/app.js", Page.load(FOLDER + "dashboard/app.js", "text/javascript; charset=utf-8"));
        pages.put("/dashboard/style.css", Page.load(FOLDER + "dashboard/style.css", "text/css; charset=utf-8"));
        Page icon = Page.load(FOLDER + "dashboard/icon.svg", "image/svg+xml");
        pages.put("/dashboard/icon.svg", icon);
        // Browsers ask for it whatever the page declares; a 404 would be a console error on every visit.
        pages.put("/favicon.ico", icon);
        pages.put(OPENAPI_PATH, Page.load(FOLDER + "openapi.json", "application/json"));
    }

    void install(RoutesConfig routes) {
        pages.forEach((path, page) -> routes.get(path, ctx -> ctx
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "no-cache")
                .contentType(page.contentType())
                .result(page.bytes())));
    }

    /** A file of the jar and its media type. */
    private record Page(byte[] bytes, String contentType) {
        static Page load(String resource, String contentType) {
            try (InputStream in = StaticPages.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException(resource + " is missing from the jar");
                }
                return new Page(in.readAllBytes(), contentType);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
