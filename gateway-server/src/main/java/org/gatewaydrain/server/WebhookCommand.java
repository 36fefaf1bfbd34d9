package org.gatewaydrain.server;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.gatewaydrain.server.webhook.EventData;
import org.gatewaydrain.server.webhook.EventType;
import org.gatewaydrain.server.webhook.WebhookEndpoint;
import org.gatewaydrain.server.webhook.Webhooks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code gateway webhook test}: send a signed {@code webhook.test} event to the configured endpoints and say how it went. */
@Command(name = "webhook", mixinStandardHelpOptions = true, subcommands = WebhookCommand.Test.class,
        description = "Check the webhook endpoints of the configuration.")
final class WebhookCommand implements Runnable {

    @ParentCommand
    GatewayCommand parent;

    @Override
    public void run() {
        parent.err.println("gateway webhook: name a subcommand: test");
    }

    /** {@code gateway webhook test [--endpoint NAME] [--timeout 10s]}. */
    @Command(name = "test", mixinStandardHelpOptions = true,
            description = "Send a signed webhook.test event to every configured endpoint (or one) and wait for its answer;"
                    + " exit 0 when every one answered 2xx, 1 otherwise.")
    static final class Test implements Callable<Integer> {

        @ParentCommand
        WebhookCommand webhook;

        @Mixin
        Options.Config options;

        @Option(names = "--endpoint", paramLabel = "NAME", description = "Only the endpoint of this name.")
        String endpoint;

        @Option(names = "--timeout", converter = DurationConverter.class, defaultValue = "10s", paramLabel = "DURATION",
                description = "How long to wait for the answers (default ${DEFAULT-VALUE}); retries happen within it.")
        Duration timeout;

        @Override
        public Integer call() {
            GatewayCommand parent = webhook.parent;
            List<WebhookEndpoint> endpoints = options.load(parent.env, java.util.Map.of()).webhooks().stream()
                    .filter(one -> endpoint == null || one.name().equals(endpoint)).toList();
            if (endpoints.isEmpty()) {
                parent.lines().fail(endpoint == null ? "the configuration names no webhooks (webhooks: in the config file)."
                        : "no webhook is called '" + Console.safe(endpoint) + "'.");
                return ExitCodes.USAGE;
            }
            Webhooks webhooks = Webhooks.start(endpoints, new SimpleMeterRegistry());
            try {
                for (WebhookEndpoint one : endpoints) {
                    webhooks.publish(EventType.WEBHOOK_TEST, new EventData.Test(one.name(), Clock.systemUTC().instant()));
                }
                webhooks.flush(timeout);
                boolean allGood = true;
                for (var health : webhooks.health()) {
                    if (health.lastSuccess().isPresent()) {
                        parent.lines().say(health.name() + " (" + health.url() + "): delivered, answered 2xx.");
                    } else {
                        allGood = false;
                        parent.lines().fail(health.name() + " (" + health.url() + "): not delivered"
                                + health.lastFailure().map(failure -> " (" + failure.why() + ")").orElse(" within " + timeout.toSeconds()
                                        + " s") + ".");
                    }
                }
                return allGood ? ExitCodes.OK : ExitCodes.FAILED;
            } finally {
                webhooks.close(Duration.ZERO);
            }
        }
    }
}
