package org.gatewaydrain.server;

import java.util.regex.Pattern;

/**
 * {@code turn_handler}: which agent {@code gateway run} serves. {@code demo} (the default) is
 * the built-in echo agent; anything else is the name of a class on the classpath that
 * implements {@code org.gatewaydrain.runtime.TurnHandler} and has a public no-argument
 * constructor, so a team can run its own agent under the stock server with
 * {@code java -cp gateway.jar:agent.jar org.gatewaydrain.server.Main run}. Only the name is
 * checked here, without runtime types, so commands that run no gateway load none; the agent is
 * made where the gateway is ({@link InProcessGateway}).
 */
final class TurnHandlerName {

    /** The built-in echo agent. */
    static final String DEMO = "demo";

    private static final Pattern CLASS_NAME = Pattern.compile("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*");

    private TurnHandlerName() {
    }

    /** @throws IllegalArgumentException unless {@code name} is {@code demo} or a Java class name */
    static String require(String name) {
        if (!name.equals(DEMO) && !CLASS_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is neither demo nor a class name such as"
                    + " com.example.MyAgent");
        }
        return name;
    }
}
