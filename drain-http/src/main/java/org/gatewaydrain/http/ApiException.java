package org.gatewaydrain.http;

import java.util.Map;

/**
 * A request the API answers with an error: an HTTP status, a stable {@code error} code and a
 * {@code detail} sentence; extra headers (e.g. {@code WWW-Authenticate}) and extra body
 * fields ride along. Thrown by handlers, turned into the response by the server.
 */
final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final transient Map<String, String> headers;
    private final transient Map<String, Object> extra;

    ApiException(int status, String code, String detail) {
        this(status, code, detail, Map.of(), Map.of());
    }

    ApiException(int status, String code, String detail, Map<String, String> headers, Map<String, Object> extra) {
        super(detail);
        this.status = status;
        this.code = code;
        this.headers = Map.copyOf(headers);
        this.extra = Map.copyOf(extra);
    }

    static ApiException badRequest(String detail) {
        return new ApiException(400, "bad_request", detail);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    Map<String, String> headers() {
        return headers;
    }

    Map<String, Object> extra() {
        return extra;
    }
}
