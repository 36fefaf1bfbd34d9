package org.gatewaydrain.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.gatewaydrain.core.DrainControlException;
import org.gatewaydrain.http.Tokens;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code gateway token}: make a strong token and the hash to configure for it. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Generate a strong API token and print the SHA-256 to put in the configuration.")
final class TokenCommand implements Callable<Integer> {

    @ParentCommand
    GatewayCommand parent;

    @Option(names = "--hash", description = "Read a token from standard input and print only its SHA-256.")
    boolean hashOnly;

    @Option(names = "--principal", defaultValue = "ops", description = "Principal for the printed YAML (default ${DEFAULT-VALUE}).")
    String principal;

    @Override
    public Integer call() throws IOException {
        if (hashOnly) {
            String token = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (token == null || token.isBlank()) {
                throw new DrainControlException("No token on standard input.");
            }
            parent.out.println(Tokens.sha256Hex(token.strip()));
            return ExitCodes.OK;
        }
        String token = Tokens.generate();
        parent.out.println("token:  " + token);
        parent.out.println("sha256: " + Tokens.sha256Hex(token));
        parent.out.println();
        parent.out.println("# In the config file; keep the token itself secret:");
        parent.out.println("tokens:");
        parent.out.println("  - principal: " + principal);
        parent.out.println("    sha256: " + Tokens.sha256Hex(token));
        parent.out.println("    scopes: [drain, status, ingress]");
        return ExitCodes.OK;
    }
}
