package org.gatewaydrain.server;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.gatewaydrain.client.DrainOrder;
import org.gatewaydrain.client.MaintenanceWindow;
import org.gatewaydrain.core.DrainPolicy;
import org.gatewaydrain.core.DrainTarget;
import org.gatewaydrain.core.OnDeadline;
import org.gatewaydrain.core.WireNames;
import org.gatewaydrain.core.rollout.MaxDraining;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options several commands share, as picocli mixins. */
final class Options {

    private Options() {
    }

    /** Where the home, the configuration and the transport are. */
    static final class Config {
        @Option(names = "--home", paramLabel = "DIR", description = "Gateway home (default: $GATEWAY_HOME or ~/.gateway).")
        Path home;

        @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file (default: $GATEWAY_CONFIG).")
        Path config;

        @Option(names = "--transport", paramLabel = "NAME", description = "Control channel (default: file).")
        String transport;

        ServerConfig load(Map<String, String> env, Map<String, String> moreFlags) {
            Map<String, String> flags = new LinkedHashMap<>(moreFlags);
            if (home != null) {
                flags.put("home", home.toString());
            }
            if (transport != null) {
                flags.put("transport", transport);
            }
            return ConfigLoader.load(Optional.ofNullable(config), env, flags);
        }
    }

    /** Where a server listens. */
    static final class Serve {
        @Option(names = "--port", paramLabel = "PORT", description = "Port to serve on (default 8080; 0 = any free port).")
        Integer port;

        @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to serve on (default 127.0.0.1).")
        String bind;

        Map<String, String> flags() {
            Map<String, String> flags = new LinkedHashMap<>();
            if (port != null) {
                flags.put("port", port.toString());
            }
            if (bind != null) {
                flags.put("bind", bind);
            }
            return flags;
        }
    }

    /** Whom a drain or cancel is for, on a fleet transport. */
    static final class Target {
        @Option(names = "--fleet", description = "Every instance of the fleet (a fleet transport such as zookeeper).")
        boolean fleet;

        @Option(names = "--instance", paramLabel = "ID", description = "One instance of the fleet, by its instance_id.")
        String instance;

        /** @return the target; the channel's own gateway when neither option is given */
        DrainTarget target() {
            if (fleet) {
                return DrainTarget.FLEET;
            }
            return instance == null ? DrainTarget.OWN : new DrainTarget.Instance(instance);
        }
    }

    /** A drain's deadline and grace, for the commands that write drain requests. */
    static final class Timing {
        @Option(names = "--deadline", converter = DurationConverter.class, paramLabel = "DURATION",
                description = "After this long (e.g. 10m) the gateway acts on the turns still in flight, as --on-deadline"
                        + " says; the gateway keeps the deadline itself, with or without this command.")
        Duration deadline;

        @Option(names = "--on-deadline", paramLabel = "interrupt|stop",
                description = "At the deadline: interrupt the turns in flight and stay drained (default), or stop the"
                        + " gateway as on SIGTERM. Needs --deadline.")
        String onDeadline;

        @Option(names = "--session-grace", converter = DurationConverter.class, paramLabel = "DURATION",
                description = "Let a conversation in progress when the drain begins start further turns while it pauses"
                        + " no longer than this between them (e.g. 2m); new sessions are refused at once.")
        Duration sessionGrace;

        /** @return what is wrong with these options, if anything */
        Optional<String> usageError() {
            if (onDeadline != null && deadline == null) {
                return Optional.of("--on-deadline needs --deadline: there is no deadline to act at.");
            }
            if (onDeadline != null && WireNames.parse(OnDeadline.class, onDeadline).isEmpty()) {
                return Optional.of("--on-deadline must be interrupt or stop, not '" + Console.safe(onDeadline) + "'.");
            }
            if (deadline != null && (deadline.isNegative() || deadline.isZero())) {
                return Optional.of("--deadline must be a positive duration.");
            }
            if (sessionGrace != null && (sessionGrace.isNegative() || sessionGrace.compareTo(DrainPolicy.MAX_GRACE) > 0)) {
                return Optional.of("--session-grace must be between 0s and " + DrainPolicy.MAX_GRACE.toHours() + "h.");
            }
            return Optional.empty();
        }

        /** @return the timing the options give; call after {@link #usageError()} found nothing */
        DrainOrder.Timing timing() {
            return new DrainOrder.Timing(Optional.ofNullable(deadline),
                    onDeadline == null ? OnDeadline.INTERRUPT : OnDeadline.fromWireName(onDeadline),
                    sessionGrace == null ? Duration.ZERO : sessionGrace);
        }
    }

    /** Who asks, for the commands that write requests. */
    static final class Principal {
        @Option(names = "--principal", paramLabel = "NAME", description = "Who asks, recorded with the request on the"
                + " transport (default: your user name; with --url the token says who asks).")
        String name;

        /** @return {@code --principal}, if given (the client's default is the user's name) */
        Optional<String> name() {
            return Optional.ofNullable(name);
        }
    }

    /** Talk to a server instead of the transport directly. */
    static final class Remote {
        @Option(names = "--url", paramLabel = "URL", description = "Server to talk to, e.g. http://127.0.0.1:8080 (default: the transport itself).")
        URI url;

        @Option(names = "--token", paramLabel = "TOKEN", description = "API token for --url; it shows in the process"
                + " list, so prefer --token-file or $GATEWAY_TOKEN (default: $GATEWAY_TOKEN, $GATEWAY_DRAIN_TOKEN, or"
                + " <home>/drain-token).")
        String token;

        @Option(names = "--token-file", paramLabel = "FILE", description = "Read the API token for --url from this file"
                + " (yours, not writable by others).")
        Path tokenFile;
    }

    /** Reads {@code resume} or {@code stay-drained}. */
    static final class OnFailureConverter implements CommandLine.ITypeConverter<MaintenanceWindow.OnFailure> {
        @Override
        public MaintenanceWindow.OnFailure convert(String value) {
            try {
                return MaintenanceWindow.OnFailure.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Reads {@code N} or {@code P%}. */
    static final class MaxDrainingConverter implements CommandLine.ITypeConverter<MaxDraining> {
        @Override
        public MaxDraining convert(String value) {
            try {
                return MaxDraining.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
