package org.gatewaydrain.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.http.TokenAuthenticator;
import org.gatewaydrain.http.TokenGrant;
import org.gatewaydrain.http.Tokens;

/**
 * Decides which tokens a server accepts: the configured grants, plus the
 * {@code GATEWAY_DRAIN_TOKEN} secret if set (refused at start if weak: fail closed); with
 * neither, a token generated once into {@code <home>/drain-token} (mode 0600) and reused.
 */
final class TokenSetup {

    /** The file a generated token lives in, inside the home. */
    static final String TOKEN_FILE = "drain-token";

    private TokenSetup() {
    }

    /**
     * @param config the server configuration
     * @param env the process environment
     * @param say where to tell the operator about a generated token
     * @return the authenticator
     * @throws DrainControlException if the secret is weak or the token file cannot be made
     */
    static TokenAuthenticator authenticator(ServerConfig config, Map<String, String> env,
            java.util.function.Consumer<String> say) {
        List<TokenGrant> grants = new ArrayList<>(config.tokens());
        Optional<String> secret = Optional.ofNullable(env.get(Tokens.ENV_SECRET)).filter(s -> !s.isEmpty());
        secret.ifPresent(value -> {
            Tokens.requireStrong("The " + Tokens.ENV_SECRET + " environment variable", value);
            grants.add(TokenGrant.sharedSecret(Tokens.SECRET_PRINCIPAL, value));
        });
        if (grants.isEmpty()) {
            Path file = config.home().resolve(TOKEN_FILE);
            String token = readOrCreate(file);
            grants.add(TokenGrant.sharedSecret(Tokens.SECRET_PRINCIPAL, token));
            say.accept("API token (scopes drain, status, ingress) is in " + file + "; send it as 'Authorization: Bearer <token>'.");
        }
        return TokenAuthenticator.of(grants);
    }

    /** @return the token the CLI sends in --url mode: --token, the environment secret, or the home's token file */
    static Optional<String> clientToken(Optional<String> flag, Map<String, String> env, Path home) {
        return flag.or(() -> Optional.ofNullable(env.get(Tokens.ENV_SECRET)).filter(s -> !s.isEmpty()))
                .or(() -> {
                    Path file = home.resolve(TOKEN_FILE);
                    try {
                        return Files.isRegularFile(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
                    } catch (IOException e) {
                        return Optional.empty();
                    }
                });
    }

    private static String readOrCreate(Path file) {
        try {
            if (Files.isSymbolicLink(file)) {
                throw new DrainControlException("Refusing to use the symbolic link " + file + " as the token file.");
            }
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                String token = Files.readString(file, StandardCharsets.UTF_8).strip();
                Tokens.requireStrong("The token in " + file, token);
                return token;
            }
            Files.createDirectories(file.getParent());
            String token = Tokens.generate();
            Path temp = Files.createTempFile(file.getParent(), TOKEN_FILE + ".", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temp, token + "\n", StandardCharsets.UTF_8);
            Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return token;
        } catch (IOException e) {
            throw new DrainControlException("Cannot create the token file " + file + ": " + e.getMessage(), e);
        }
    }
}
