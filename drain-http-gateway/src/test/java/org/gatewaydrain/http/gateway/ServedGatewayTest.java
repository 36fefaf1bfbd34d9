package org.gatewaydrain.http.gateway;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Base of the tests that talk to a gateway served over HTTP: a fresh {@link HttpFixture} per test. */
abstract class ServedGatewayTest {

    @TempDir
    Path home;

    HttpFixture http;

    @BeforeEach
    void serveGateway() {
        http = new HttpFixture(home);
    }

    @AfterEach
    void stopGateway() {
        http.close();
    }
}
