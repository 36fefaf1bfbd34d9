package org.gatewaydrain.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.core.GatewayHome;
import org.gatewaydrain.http.TokenAuthenticator;
import org.gatewaydrain.http.TokenGrant;
import org.gatewaydrain.http.Tokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which tokens a server accepts: the configured grants, plus the
 * {@code GATEWAY_DRAIN_TOKEN} secret if set (refused at start if weak: fail closed); with
 * neither, a token generated once into {@code <home>/drain-token} and reused. The token file
 * is created exclusively (mode 0600) in a home created 0700 first, so servers starting
 * together end with the same token; a token file another user could have written is refused.
 */
final class TokenSetup {

    private static final Logger LOG = LoggerFactory.getLogger(TokenSetup.class);

    /** The file a generated token lives in, inside the home. */
    static final String TOKEN_FILE = "drain-token";

    private TokenSetup() {
    }

    /**
     * @param config the server configuration
     * @param env the process environment
     * @param say where to tell the operator about a generated token
     * @return the authenticator
     * @throws ConfigException if the secret is weak; DrainControlException if the home or token file is untrusted or cannot be made
     */
    static TokenAuthenticator authenticator(ServerConfig config, Map<String, String> env, Consumer<String> say) {
        List<TokenGrant> grants = new ArrayList<>(config.tokens());
        secret(env).ifPresent(value -> {
            try {
                Tokens.requireStrong("The " + Tokens.ENV_SECRET + " environment variable", value);
            } catch (DrainControlException weak) {
                throw new ConfigException(weak.getMessage(), weak);
            }
            grants.add(TokenGrant.sharedSecret(Tokens.SECRET_PRINCIPAL, value));
        });
        if (grants.isEmpty()) {
            Path file = GatewayHome.prepare(config.home()).resolve(TOKEN_FILE);
            String token = readOrCreate(file);
            grants.add(TokenGrant.sharedSecret(Tokens.SECRET_PRINCIPAL, token));
            say.accept("API token (scopes drain, status, ingress) is in " + file + "; send it as 'Authorization: Bearer <token>'.");
        }
        return TokenAuthenticator.of(grants);
    }

    /** The CLI's own token in the environment, e.g. a reader's, not the server's shared secret. */
    static final String ENV_CLIENT_TOKEN = "GATEWAY_TOKEN";

    /**
     * @return the token the CLI sends in --url mode: {@code --token}, the file {@code --token-file}
     *     names (so the token need not sit in the process list), {@code GATEWAY_TOKEN}, the
     *     {@code GATEWAY_DRAIN_TOKEN} secret, or the home's token file
     */
    static Optional<String> clientToken(Optional<String> flag, Optional<Path> tokenFile, Map<String, String> env,
            Path home) {
        return flag.map(String::strip).or(() -> tokenFile.map(TokenSetup::read))
                .or(() -> Optional.ofNullable(env.get(ENV_CLIENT_TOKEN)).map(String::strip).filter(t -> !t.isEmpty()))
                .or(() -> secret(env)).or(() -> {
                    Path file = home.resolve(TOKEN_FILE);
                    return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Optional.of(read(file)) : Optional.empty();
                });
    }

    private static Optional<String> secret(Map<String, String> env) {
        return Optional.ofNullable(env.get(Tokens.ENV_SECRET)).map(String::strip).filter(s -> !s.isEmpty());
    }

    /** Reads the token file, or creates it; when two starters race, both end with the one that won. */
    private static String readOrCreate(Path file) {
        for (int attempt = 0; attempt < 3; attempt++) {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                String token = read(file);
                Tokens.requireStrong("The token in " + file, token);
                return token;
            }
            String token = Tokens.generate();
            if (createExclusively(file, token)) {
                return token;
            }
        }
        throw new DrainControlException("The token file " + file + " keeps appearing and disappearing; is another"
                + " process removing it?");
    }

    /** @return whether this call created the file; false if another got there first */
    private static boolean createExclusively(Path file, String token) {
        Path temp = null;
        try {
            temp = Files.createTempFile(file.getParent(), "." + TOKEN_FILE + ".", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                out.write(ByteBuffer.wrap((token + "\n").getBytes(StandardCharsets.UTF_8)));
                out.force(true);
            }
            // A hard link appears whole and fails if the name is taken: a racing starter's token is never replaced.
            Files.createLink(file, temp);
            return true;
        } catch (FileAlreadyExistsException lost) {
            return false;
        } catch (IOException e) {
            throw new DrainControlException("Cannot create the token file " + file + ": " + GatewayHome.describe(e) + ".", e);
        } finally {
            deleteQuietly(temp);
        }
    }

    private static String read(Path file) {
        if (Files.isSymbolicLink(file)) {
            throw new DrainControlException("Refusing to use the symbolic link " + file + " as the token file.");
        }
        GatewayHome.requireTrusted(file, "token file");
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            if (mode.contains(PosixFilePermission.GROUP_READ) || mode.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warn("The token file {} is readable by its group or others (mode {}); run chmod 600 {}", file,
                        PosixFilePermissions.toString(mode), file);
            }
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new DrainControlException("Cannot read the token file " + file + ": " + GatewayHome.describe(e) + ".", e);
        }
    }

    private static void deleteQuietly(Path temp) {
        if (temp == null) {
            return;
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            LOG.warn("Could not remove {}", temp, e);
        }
    }
}
