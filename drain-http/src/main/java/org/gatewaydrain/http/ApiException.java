package org.gatewaydrain.http;

import java.util.Map;

/**
 * A request the API answers with an error: an HTTP status, a stable {@code error} code and a
 * {@code detail} sentence for the client (never a stack trace, a library's text or a path);
 * extra headers (e.g. {@code WWW-Authenticate}) and extra body fields ride along. Thrown by
 * handlers, turned into {@code {"error", "detail", ...}} by the routes.
 */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final transient Map<String, String> headers;
    private final transient Map<String, Object> extra;

    /**
     * @param status the HTTP status
     * @param code the stable error code, e.g. {@code bad_request}
     * @param detail a sentence the client can act on
     */
    public ApiException(int status, String code, String detail) {
        this(status, code, detail, Map.of(), Map.of());
    }

    /**
     * @param headers extra response headers
     * @param extra extra body fields
     */
    public ApiException(int status, String code, String detail, Map<String, String> headers, Map<String, Object> extra) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.headers = Map.copyOf(headers);
        this.extra = Map.copyOf(extra);
    }

    /** @return a 400 {@code bad_request} with the given detail */
    public static ApiException badRequest(String detail) {
        return new ApiException(400, "bad_request", detail);
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    /** @return the stable error code */
    public String code() {
        return code;
    }

    Map<String, String> headers() {
        return headers;
    }

    Map<String, Object> extra() {
        return extra;
    }
}
