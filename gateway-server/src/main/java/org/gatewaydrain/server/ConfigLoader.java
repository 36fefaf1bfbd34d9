package org.gatewaydrain.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.http.DrainHttpServer;
import org.gatewaydrain.http.DurationText;
import org.gatewaydrain.http.Scope;
import org.gatewaydrain.http.TokenGrant;
import org.gatewaydrain.runtime.RuntimeSettings;
import org.gatewaydrain.transport.file.FileDrainChannel;
import org.gatewaydrain.transport.file.GatewayHome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges configuration from a YAML file, the environment ({@code GATEWAY_*}) and command-line
 * flags, weakest to strongest, and validates it: an unknown key in the file or a bad value
 * anywhere fails with a message naming the key and where it came from. Stateless.
 */
final class ConfigLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);

    /** Environment variables that name the config file and logging rather than a key. */
    static final String ENV_CONFIG = "GATEWAY_CONFIG";
    private static final Set<String> OTHER_ENV = Set.of(ENV_CONFIG, "GATEWAY_DRAIN_TOKEN", "GATEWAY_LOG_LEVEL",
            "GATEWAY_JAVA_OPTS");

    /** Every scalar key, with its default ({@code null}: none). */
    static final Map<String, String> KEYS = defaults();

    private static final String TOKENS = "tokens";

    private ConfigLoader() {
    }

    private static Map<String, String> defaults() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("home", null);
        keys.put("bind", DrainHttpServer.DEFAULT_HOST);
        keys.put("port", String.valueOf(DrainHttpServer.DEFAULT_PORT));
        keys.put("transport", "file");
        keys.put("drain.max_age", DurationText.format(FileDrainChannel.DEFAULT_MAX_AGE));
        keys.put("watcher.interval", DurationText.format(RuntimeSettings.DEFAULTS.reconcileInterval()));
        keys.put("shutdown.drain_timeout", DurationText.format(RuntimeSettings.DEFAULTS.drainTimeout()));
        keys.put("demo.turn_delay", DurationText.format(RuntimeSettings.DEFAULTS.demoTurnDelay()));
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
     * @throws DrainControlException naming the key, its source and the fix
     */
    static ServerConfig load(Optional<Path> configFile, Map<String, String> env, Map<String, String> flags) {
        Map<String, Setting> settings = new LinkedHashMap<>();
        KEYS.forEach((key, value) -> {
            if (value != null) {
                settings.put(key, new Setting(value, "the default"));
            }
        });
        List<TokenGrant> tokens = new ArrayList<>();
        Optional<Path> file = configFile.or(() -> Optional.ofNullable(env.get(ENV_CONFIG)).filter(s -> !s.isBlank())
                .map(Path::of));
        file.ifPresent(path -> readFile(path, settings, tokens));
        readEnv(env, settings);
        flags.forEach((key, value) -> settings.put(key, new Setting(value, "the --" + key + " flag")));

        Optional<Path> explicitHome = settings.containsKey("home")
                ? Optional.of(Path.of(parse(settings, "home", ConfigLoader::nonBlank)))
                : Optional.empty();
        Path home = GatewayHome.resolve(explicitHome, env);
        String transport = parse(settings, "transport", value -> {
            if (!value.equals("file")) {
                throw new IllegalArgumentException("'" + value + "' is not a transport here; use file");
            }
            return value;
        });
        RuntimeSettings runtime = new RuntimeSettings(
                parse(settings, "watcher.interval", value -> positive(DurationText.parse(value))),
                parse(settings, "shutdown.drain_timeout", DurationText::parse),
                parse(settings, "demo.turn_delay", value -> atMost(DurationText.parse(value),
                        RuntimeSettings.MAX_DEMO_DELAY)),
                false);
        return new ServerConfig(home,
                parse(settings, "bind", ConfigLoader::nonBlank),
                parse(settings, "port", ConfigLoader::port),
                transport,
                parse(settings, "drain.max_age", DurationText::parse),
                runtime,
                tokens);
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

    private static void readFile(Path path, Map<String, Setting> settings, List<TokenGrant> tokens) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(path));
        } catch (IOException e) {
            throw new DrainControlException("Cannot read the config file " + path + ": " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return;
        }
        if (!root.isObject()) {
            throw new DrainControlException("The config file " + path + " must hold a mapping of keys to values.");
        }
        String source = path.toString();
        flatten("", root, (key, node) -> {
            if (key.equals(TOKENS)) {
                tokens.addAll(tokens(node, source));
            } else if (!KEYS.containsKey(key)) {
                throw new DrainControlException("Unknown key '" + key + "' in " + source + "; known keys are "
                        + KEYS.keySet() + " and " + TOKENS + ".");
            } else if (!node.isValueNode() || node.isNull()) {
                throw new DrainControlException("Key '" + key + "' in " + source + " must be a single value.");
            } else {
                settings.put(key, new Setting(node.asText(), source));
            }
        });
    }

    private static void flatten(String prefix, JsonNode node, BiConsumer<String, JsonNode> sink) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = prefix + field.getKey();
            if (field.getValue().isObject() && !KEYS.containsKey(key)) {
                flatten(key + ".", field.getValue(), sink);
            } else {
                sink.accept(key, field.getValue());
            }
        }
    }

    private static List<TokenGrant> tokens(JsonNode node, String source) {
        if (!node.isArray()) {
            throw new DrainControlException("Key 'tokens' in " + source
                    + " must be a list of {principal, sha256, scopes}.");
        }
        List<TokenGrant> grants = new ArrayList<>();
        for (JsonNode entry : node) {
            String principal = entry.path("principal").asText("");
            String hash = entry.path("sha256").asText("");
            if (principal.isBlank() || hash.isBlank() || !entry.path("scopes").isArray()) {
                throw new DrainControlException("Each entry of 'tokens' in " + source
                        + " needs principal, sha256 (from `gateway token`) and a list of scopes.");
            }
            Set<Scope> scopes = EnumSet.noneOf(Scope.class);
            for (JsonNode scope : entry.path("scopes")) {
                try {
                    scopes.add(Scope.fromWireName(scope.asText()));
                } catch (IllegalArgumentException e) {
                    throw new DrainControlException("Key 'tokens' in " + source + ": " + e.getMessage(), e);
                }
            }
            grants.add(TokenGrant.ofHex(principal, hash, scopes));
        }
        return grants;
    }

    private static void readEnv(Map<String, String> env, Map<String, Setting> settings) {
        for (String key : KEYS.keySet()) {
            String value = env.get(envName(key));
            if (value != null && !value.isBlank()) {
                settings.put(key, new Setting(value, "the environment variable " + envName(key)));
            }
        }
        env.keySet().stream()
                .filter(name -> name.startsWith("GATEWAY_") && !OTHER_ENV.contains(name))
                .filter(name -> KEYS.keySet().stream().noneMatch(key -> envName(key).equals(name)))
                .forEach(name -> LOG.warn("Ignoring the environment variable {}: no such setting", name));
    }

    private static <T> T parse(Map<String, Setting> settings, String key, Function<String, T> parser) {
        Setting setting = settings.get(key);
        try {
            return parser.apply(setting.value().trim());
        } catch (IllegalArgumentException | DrainControlException e) {
            throw new DrainControlException("Bad value for " + key + " from " + setting.source() + ": "
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
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("'" + value + "' is not a port (0-65535)");
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a port (0-65535)", e);
        }
    }

    private record Setting(String value, String source) {
    }
}
