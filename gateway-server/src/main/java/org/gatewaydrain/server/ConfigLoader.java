package org.gatewaydrain.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.DurationText;
import org.gatewaydrain.core.GatewayDefaults;
import org.gatewaydrain.core.GatewayHome;
import org.gatewaydrain.core.InstanceId;
import org.gatewaydrain.core.LocalHost;
import org.gatewaydrain.core.spi.DrainTransportProvider;
import org.gatewaydrain.core.spi.TransportSettings;
import org.gatewaydrain.http.DrainHttpServer;
import org.gatewaydrain.http.HttpLimits;
import org.gatewaydrain.http.Scope;
import org.gatewaydrain.http.TokenGrant;
import org.gatewaydrain.runtime.RuntimeSettings;
import org.gatewaydrain.server.webhook.WebhookConfig;
import org.gatewaydrain.server.webhook.WebhookEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges configuration from a YAML file, the environment ({@code GATEWAY_*}) and command-line
 * flags, weakest to strongest, and validates it. The server owns its own keys; the selected
 * transport owns, describes and validates its keys, so nothing here names them. An unknown
 * key in the file or a bad value anywhere fails with a message naming the key and where it
 * came from. Stateless.
 */
final class ConfigLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);
    /** What, in the last part of a key, marks its value as a secret (e.g. {@code zookeeper.auth}). */
    private static final List<String> SECRET_KEYS = List.of("auth", "password", "secret");

    /** Environment variables that name the config file, secrets and logging rather than a key. */
    static final String ENV_CONFIG = "GATEWAY_CONFIG";
    private static final Set<String> OTHER_ENV = Set.of(ENV_CONFIG, "GATEWAY_DRAIN_TOKEN", "GATEWAY_TOKEN",
            "GATEWAY_LOG_LEVEL", "GATEWAY_JAVA_OPTS");

    /** The server's own scalar keys, with their defaults ({@code null}: computed). */
    static final Map<String, String> KEYS = defaults();

    private static final String TOKENS = "tokens";

    private ConfigLoader() {
    }

    private static Map<String, String> defaults() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("home", null);
        keys.put("bind", DrainHttpServer.DEFAULT_HOST);
        keys.put("port", String.valueOf(DrainHttpServer.DEFAULT_PORT));
        keys.put("transport", Transports.DEFAULT);
        keys.put("instance_id", null);
        keys.put("drain.max_age", DurationText.format(GatewayDefaults.MAX_AGE));
        keys.put("status.heartbeat", DurationText.format(GatewayDefaults.HEARTBEAT));
        keys.put("status.turns_shown", String.valueOf(GatewayDefaults.TURNS_SHOWN));
        keys.put("drain.grace_sessions", String.valueOf(RuntimeSettings.DEFAULT_GRACE_SESSIONS));
        keys.put("drain.grace_max", GRACE_MAX_DEFAULT);
        keys.put("watcher.interval", DurationText.format(GatewayDefaults.RECONCILE_INTERVAL));
        keys.put("shutdown.drain_timeout", DurationText.format(GatewayDefaults.DRAIN_TIMEOUT));
        keys.put("demo.turn_delay", "1s");
        keys.put("turn_handler", TurnHandlerName.DEMO);
        keys.put("http.max_event_streams", String.valueOf(HttpLimits.DEFAULTS.eventStreams()));
        keys.put("http.max_event_streams_per_principal", String.valueOf(HttpLimits.DEFAULTS.eventStreamsPerPrincipal()));
        keys.put("http.max_long_polls", String.valueOf(HttpLimits.DEFAULTS.longPolls()));
        keys.put("http.max_long_polls_per_principal", String.valueOf(HttpLimits.DEFAULTS.longPollsPerPrincipal()));
        keys.put("http.max_turns", String.valueOf(HttpLimits.DEFAULTS.turns()));
        keys.put("http.max_turns_per_principal", String.valueOf(HttpLimits.DEFAULTS.turnsPerPrincipal()));
        return keys;
    }

    /** @return the environment variable that sets {@code key}, e.g. {@code GATEWAY_DRAIN_MAX_AGE} */
    static String envName(String key) {
        return "GATEWAY_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /**
     * @param configFile the YAML file named by {@code --config}, if any ({@code GATEWAY_CONFIG} otherwise)
     * @param env the process environment
     * @param flags keys set on the command line
     * @return the merged, validated configuration
     * @throws ConfigException naming the key, its source and the fix
     */
    static ServerConfig load(Optional<Path> configFile, Map<String, String> env, Map<String, String> flags) {
        Map<String, Setting> settings = new LinkedHashMap<>();
        KEYS.forEach((key, value) -> {
            if (value != null) {
                settings.put(key, new Setting(value, "the default"));
            }
        });
        List<TokenGrant> tokens = new ArrayList<>();
        List<WebhookEndpoint> webhooks = new ArrayList<>();
        Map<String, Setting> fromFile = new LinkedHashMap<>();
        Optional<Path> file = configFile.or(() -> Optional.ofNullable(env.get(ENV_CONFIG)).filter(s -> !s.isBlank())
                .map(Path::of));
        file.ifPresent(path -> readFile(path, fromFile, tokens, webhooks));
        fromFile.forEach((key, setting) -> {
            if (key.equals("transport")) {
                settings.put(key, setting);
            }
        });
        readEnv(env, Set.of("transport"), settings);
        putFlags(flags, Set.of("transport"), settings);
        DrainTransportProvider transport = parse(settings, "transport", Transports::named);

        Set<String> known = new TreeSet<>(KEYS.keySet());
        known.addAll(transport.keys().keySet());
        checkFileKeys(fromFile, known, transport);
        settings.putAll(fromFile);
        readEnv(env, known, settings);
        warnUnknownEnv(env, known);
        putFlags(flags, known, settings);

        Optional<Path> explicitHome = settings.containsKey("home")
                ? Optional.of(Path.of(parse(settings, "home", ConfigLoader::nonBlank)))
                : Optional.empty();
        Path home = GatewayHome.resolve(explicitHome, env);
        int port = parse(settings, "port", ConfigLoader::port);
        String instanceId = settings.containsKey("instance_id")
                ? parse(settings, "instance_id", InstanceId::require)
                : defaultInstanceId(port);
        Duration maxAge = parse(settings, "drain.max_age", DurationText::parse);
        Duration heartbeat = parse(settings, "status.heartbeat", value -> positive(DurationText.parse(value)));

        TransportSettings.Builder transportSettings = TransportSettings.builder().home(home).maxAge(maxAge)
                .heartbeat(heartbeat).instanceId(instanceId);
        for (String key : transport.keys().keySet()) {
            Optional.ofNullable(settings.get(key)).ifPresent(s -> transportSettings.put(key, s.value(), s.source()));
        }
        TransportSettings built = transportSettings.build();
        transport.validate(built);

        return new ServerConfig(home,
                parse(settings, "bind", ConfigLoader::nonBlank),
                port,
                instanceId,
                parse(settings, "watcher.interval", value -> positive(DurationText.parse(value))),
                parse(settings, "shutdown.drain_timeout", DurationText::parse),
                heartbeat,
                parse(settings, "status.turns_shown", ConfigLoader::turnsShown),
                parse(settings, "drain.grace_sessions", ConfigLoader::graceSessions),
                parse(settings, "drain.grace_max", ConfigLoader::graceMax),
                parse(settings, "demo.turn_delay", value -> atMost(DurationText.parse(value), ServerConfig.MAX_DEMO_DELAY)),
                parse(settings, "turn_handler", TurnHandlerName::require),
                new HttpLimits(
                        parse(settings, "http.max_event_streams", ConfigLoader::count),
                        parse(settings, "http.max_event_streams_per_principal", ConfigLoader::count),
                        parse(settings, "http.max_long_polls", ConfigLoader::count),
                        parse(settings, "http.max_long_polls_per_principal", ConfigLoader::count),
                        parse(settings, "http.max_turns", ConfigLoader::count),
                        parse(settings, "http.max_turns_per_principal", ConfigLoader::count)),
                tokens,
                webhooks,
                transport,
                built);
    }

    /** @return {@code <hostname>-<port>}, or {@code <hostname>-<pid>} on port 0, made a valid instance id */
    private static String defaultInstanceId(int port) {
        return InstanceId.fromHost(LocalHost.name(), String.valueOf(port > 0 ? port : ProcessHandle.current().pid()));
    }

    /** A key of another transport is ignored with a warning; a key nobody owns fails. */
    private static void checkFileKeys(Map<String, Setting> fromFile, Set<String> known, DrainTransportProvider selected) {
        for (Map.Entry<String, Setting> entry : fromFile.entrySet()) {
            String key = entry.getKey();
            if (known.contains(key)) {
                continue;
            }
            Optional<String> owner = Transports.found().stream().filter(p -> p.keys().containsKey(key))
                    .map(DrainTransportProvider::name).findFirst();
            if (owner.isPresent()) {
                LOG.warn("Ignoring {} in {}: it belongs to the {} transport, and the {} transport is selected", key,
                        entry.getValue().source(), owner.get(), selected.name());
            } else {
                throw new ConfigException("Unknown key '" + key + "' in " + entry.getValue().source()
                        + "; known keys are " + known + " and " + TOKENS + ".");
            }
        }
    }

    private static Duration positive(Duration value) {
        if (value.isZero()) {
            throw new IllegalArgumentException("it must be longer than zero");
        }
        return value;
    }

    private static Duration atMost(Duration value, Duration limit) {
        if (value.compareTo(limit) > 0) {
            throw new IllegalArgumentException("it may be at most " + DurationText.format(limit));
        }
        return value;
    }

    private static void readFile(Path path, Map<String, Setting> settings, List<TokenGrant> tokens,
            List<WebhookEndpoint> webhooks) {
        requireTrusted(path);
        Object root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readValue(Files.readString(path), Object.class);
        } catch (IOException e) {
            throw new ConfigException("Cannot read the config file " + path + ": "
                    + (e instanceof java.nio.file.NoSuchFileException ? "it does not exist" : e.getMessage()), e);
        }
        if (root == null) {
            return;
        }
        if (!(root instanceof Map<?, ?> mapping)) {
            throw new ConfigException("The config file " + path + " must hold a mapping of keys to values.");
        }
        String source = path.toString();
        flatten("", mapping, (key, value) -> {
            if (key.equals(TOKENS)) {
                tokens.addAll(tokens(value, source));
            } else if (key.equals(WebhookConfig.KEY)) {
                webhooks.addAll(WebhookConfig.endpoints(value, problem -> new ConfigException(problem + " (in " + source + ")")));
            } else if (value == null || value instanceof Map || value instanceof List) {
                throw new ConfigException("Key '" + key + "' in " + source + " must be a single value.");
            } else {
                settings.put(key, new Setting(String.valueOf(value), source));
            }
        });
        Set<String> keys = new java.util.HashSet<>(settings.keySet());
        if (mapping.get(WebhookConfig.KEY) instanceof List<?> entries
                && entries.stream().anyMatch(entry -> entry instanceof Map<?, ?> m && m.containsKey("secret"))) {
            keys.add(WebhookConfig.KEY + ".secret");
        }
        warnIfOthersReadASecret(path, keys);
    }

    /**
     * Refuses a configuration file others could change (it says where the gateway connects, with
     * which identity, and which tokens it accepts): it must belong to this user or to root and
     * be writable by neither its group nor others. A no-op where files have no owners.
     */
    private static void requireTrusted(Path path) {
        if (!path.getFileSystem().supportedFileAttributeViews().contains("unix") || !Files.exists(path)) {
            return;
        }
        try {
            int owner = (Integer) Files.getAttribute(path, "unix:uid");
            long me = new com.sun.security.auth.module.UnixSystem().getUid();
            if (owner != me && owner != 0) {
                throw new ConfigException("The config file " + path + " belongs to uid " + owner
                        + ", neither to this user (uid " + me + ") nor to root; chown it.");
            }
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path);
            if (mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new ConfigException("The config file " + path + " is writable by its group or others (mode "
                        + PosixFilePermissions.toString(mode) + "); run chmod go-w " + path + ".");
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new ConfigException("Cannot check who owns the config file " + path + ": " + e.getMessage(), e);
        }
    }

    /** Warns when a file that holds a password or secret (a key ending in one of {@link #SECRET_KEYS}) is readable by others. */
    private static void warnIfOthersReadASecret(Path path, Set<String> keys) {
        List<String> secrets = keys.stream().filter(ConfigLoader::holdsASecret).sorted().toList();
        if (secrets.isEmpty() || !path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path);
            if (mode.contains(PosixFilePermission.OTHERS_READ) || mode.contains(PosixFilePermission.GROUP_READ)) {
                LOG.warn("The config file {} holds {} and is readable by its group or others (mode {}); run chmod 600 {}",
                        path, String.join(", ", secrets), PosixFilePermissions.toString(mode), path);
            }
        } catch (IOException e) {
            LOG.warn("Cannot read the mode of the config file {}: {}", path, e.getMessage());
        }
    }

    private static boolean holdsASecret(String key) {
        String last = key.substring(key.lastIndexOf('.') + 1);
        return !last.endsWith("_file") && SECRET_KEYS.stream().anyMatch(last::contains);
    }

    /** Tells {@code sink} every key of a nested mapping, its parts joined by dots, with its value. */
    private static void flatten(String prefix, Map<?, ?> mapping, BiConsumer<String, Object> sink) {
        for (Map.Entry<?, ?> field : mapping.entrySet()) {
            String key = prefix + field.getKey();
            if (field.getValue() instanceof Map<?, ?> nested) {
                flatten(key + ".", nested, sink);
            } else {
                sink.accept(key, field.getValue());
            }
        }
    }

    private static List<TokenGrant> tokens(Object value, String source) {
        if (!(value instanceof List<?> entries)) {
            throw new ConfigException("Key 'tokens' in " + source
                    + " must be a list of {principal, sha256, scopes}.");
        }
        List<TokenGrant> grants = new ArrayList<>();
        for (Object item : entries) {
            Map<?, ?> entry = item instanceof Map<?, ?> m ? m : Map.of();
            String principal = entry.get("principal") instanceof String p ? p : "";
            String hash = entry.get("sha256") instanceof String h ? h : "";
            if (principal.isBlank() || hash.isBlank() || !(entry.get("scopes") instanceof List<?> named)) {
                throw new ConfigException("Each entry of 'tokens' in " + source
                        + " needs principal, sha256 (from `gateway token`) and a list of scopes.");
            }
            Set<Scope> scopes = EnumSet.noneOf(Scope.class);
            for (Object scope : named) {
                try {
                    scopes.add(Scope.fromWireName(String.valueOf(scope)));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("Key 'tokens' in " + source + ": " + e.getMessage(), e);
                }
            }
            grants.add(TokenGrant.ofHex(principal, hash, scopes));
        }
        return grants;
    }

    private static void readEnv(Map<String, String> env, Set<String> keys, Map<String, Setting> settings) {
        for (String key : keys) {
            String value = env.get(envName(key));
            if (value != null && !value.isBlank()) {
                settings.put(key, new Setting(value, "the environment variable " + envName(key)));
            }
        }
    }

    private static void warnUnknownEnv(Map<String, String> env, Set<String> known) {
        Set<String> names = new TreeSet<>();
        known.forEach(key -> names.add(envName(key)));
        Transports.found().forEach(p -> p.keys().keySet().forEach(key -> names.add(envName(key))));
        env.keySet().stream()
                .filter(name -> name.startsWith("GATEWAY_") && !OTHER_ENV.contains(name) && !names.contains(name))
                .sorted()
                .forEach(name -> LOG.warn("Ignoring the environment variable {}: no such setting", name));
    }

    private static void putFlags(Map<String, String> flags, Set<String> keys, Map<String, Setting> settings) {
        flags.forEach((key, value) -> {
            if (keys.contains(key)) {
                settings.put(key, new Setting(value, "the --" + key + " flag"));
            }
        });
    }

    private static <T> T parse(Map<String, Setting> settings, String key, Function<String, T> parser) {
        Setting setting = settings.get(key);
        try {
            return parser.apply(setting.value().trim());
        } catch (IllegalArgumentException | DrainControlException e) {
            throw new ConfigException("Bad value for " + key + " from " + setting.source() + ": "
                    + e.getMessage(), e);
        }
    }

    private static String nonBlank(String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException("it must not be empty");
        }
        return value;
    }

    private static int port(String value) {
        int port = integer(value);
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("'" + value + "' is not a port (0-65535)");
        }
        return port;
    }

    /** {@code drain.grace_max}'s default: four times the drain's own grace. */
    static final String GRACE_MAX_DEFAULT = "4x";

    private static int graceSessions(String value) {
        int count = integer(value);
        if (count < 0 || count > RuntimeSettings.MAX_GRACE_SESSIONS) {
            throw new IllegalArgumentException("it must be between 0 (no grace) and " + RuntimeSettings.MAX_GRACE_SESSIONS);
        }
        return count;
    }

    private static Optional<Duration> graceMax(String value) {
        if (value.trim().equalsIgnoreCase(GRACE_MAX_DEFAULT)) {
            return Optional.empty();
        }
        return Optional.of(positive(DurationText.parse(value)));
    }

    private static int turnsShown(String value) {
        int count = integer(value);
        if (count < 0 || count > 100) {
            throw new IllegalArgumentException("it must be between 0 and 100");
        }
        return count;
    }

    private static int count(String value) {
        int count = integer(value);
        if (count < 1) {
            throw new IllegalArgumentException("it must be at least 1");
        }
        return count;
    }

    private static int integer(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a whole number", e);
        }
    }

    private record Setting(String value, String source) {
    }
}
