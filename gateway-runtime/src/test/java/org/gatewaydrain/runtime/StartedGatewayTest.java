package org.gatewaydrain.runtime;

import org.junit.jupiter.api.AfterEach;

/** A test that starts one gateway on a {@link GatewayFixture} with the settings it needs; the gateway stops after each test. */
abstract class StartedGatewayTest {

    GatewayFixture fixture;

    /** @return the fixture's gateway, started with {@code settings} */
    Gateway start(RuntimeSettings settings) {
        fixture = new GatewayFixture(settings);
        fixture.gateway.start();
        return fixture.gateway;
    }

    @AfterEach
    void stopTheGateway() {
        if (fixture != null) {
            fixture.close();
        }
    }
}
