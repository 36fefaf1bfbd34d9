package org.gatewaydrain.server;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import org.gatewaydrain.client.ControlClient;
import org.gatewaydrain.client.HttpControlClient;
import org.gatewaydrain.client.TransportClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code gateway} command and what its subcommands share: environment, output, client choice. */
@Command(name = "gateway", mixinStandardHelpOptions = true, version = "gateway-drain 0.1.0",
        description = "Quiesce a running message gateway without restarting it.",
        subcommands = {CommandLine.HelpCommand.class, RunCommand.class, ControlPlaneCommand.class, DrainCommand.class, CancelCommand.class,
                StatusCommand.class, MaintainCommand.class, RolloutCommand.class, TokenCommand.class,
                WebhookCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:failed", "2:usage error", "3:timed out (drain --wait, maintain, rollout)",
                "4:interrupted while waiting"})
final class GatewayCommand implements Runnable {

    final Map<String, String> env;
    final PrintWriter out;
    final PrintWriter err;

    @Spec
    CommandSpec spec;

    GatewayCommand(Map<String, String> env, PrintWriter out, PrintWriter err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    /** @return where the commands' lines go */
    Lines lines() {
        return new Lines(out, err);
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Name a command: run, control-plane, drain, cancel, status, maintain, rollout, token or webhook (gateway help lists them).");
    }

    /**
     * @param principal who the requests are written as, on the transport, if the command line says (the user's
     *     name otherwise); a server names the token's principal
     * @return a client on the selected transport, or on the server at {@code --url}
     * @throws ConfigException when {@code --url} is given and no token is found
     */
    ControlClient client(ServerConfig config, Options.Remote remote, Optional<String> principal) {
        if (remote.url == null) {
            TransportClient.Builder builder = TransportClient.builder(config.openTransport())
                    .where("the " + config.transport().name() + " transport (home " + config.home() + ")");
            principal.ifPresent(builder::principal);
            return builder.build();
        }
        String token = TokenSetup.clientToken(Optional.ofNullable(remote.token), Optional.ofNullable(remote.tokenFile), env,
                config.home()).orElseThrow(() -> new ConfigException("No token for " + remote.url + ": pass --token-file"
                        + " or --token, set GATEWAY_TOKEN, or run on the gateway's host where " + config.home().resolve(
                        TokenSetup.TOKEN_FILE) + " exists."));
        return new HttpControlClient(remote.url, token);
    }
}
