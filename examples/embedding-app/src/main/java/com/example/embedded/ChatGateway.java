package com.example.embedded;

import io.javalin.Javalin;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.gatewaydrain.core.spi.DrainTransport;
import org.gatewaydrain.core.spi.TransportSettings;
import org.gatewaydrain.http.DrainRoutes;
import org.gatewaydrain.http.TokenAuthenticator;
import org.gatewaydrain.http.TokenGrant;
import org.gatewaydrain.http.gateway.GatewayHttp;
import org.gatewaydrain.runtime.Admission;
import org.gatewaydrain.runtime.Gateway;
import org.gatewaydrain.runtime.MessageEvent;
import org.gatewaydrain.runtime.Notice;
import org.gatewaydrain.runtime.Notifier;
import org.gatewaydrain.runtime.TurnHandler;
import org.gatewaydrain.transport.file.FileTransportProvider;

/**
 * A team's own chat gateway with drain added: its own agent, its own Javalin app and its own
 * ingress route ({@code POST /chat?session=…} with the text as the body), and Gateway Drain's
 * control routes mounted beside them. Built against Gateway Drain's published artifacts.
 */
public final class ChatGateway implements AutoCloseable {

    private final DrainTransport transport;
    private final Gateway gateway;
    private final DrainRoutes drainRoutes;
    private final Javalin app;

    private ChatGateway(DrainTransport transport, Gateway gateway, DrainRoutes drainRoutes, Javalin app) {
        this.transport = transport;
        this.gateway = gateway;
        this.drainRoutes = drainRoutes;
        this.app = app;
    }

    /** Where the app sends text to its users: a session's chat, or the gateway's home channel. */
    @FunctionalInterface
    public interface Outbox {
        /** The name {@link #send} gets for the home channel. */
        String HOME_CHANNEL = "#home";

        void send(String to, String text);
    }

    /** {@link #start(Path, String, int, Outbox)} with an outbox that prints. */
    public static ChatGateway start(Path home, String secret, int port) {
        return start(home, secret, port, (to, text) -> System.out.println(to + ": " + text));
    }

    /**
     * @param home the folder drain requests and the status live in
     * @param secret the operators' bearer token for the control routes
     * @param port where to serve on loopback; 0 for any free port
     * @param outbox how the app reaches its users
     */
    public static ChatGateway start(Path home, String secret, int port, Outbox outbox) {
        // docs:embedding:start
        // 1. Open the default transport in a home folder, through its provider.
        DrainTransport transport = new FileTransportProvider()
                .open(TransportSettings.builder().home(home).build());

        // 2. Your agent: called once per admitted turn; complete the stage with the reply.
        //    (A message starting with "think:" takes a minute here, as a slow model would.)
        TurnHandler agent = event -> CompletableFuture.supplyAsync(() -> "you said: " + event.text(),
                CompletableFuture.delayedExecutor(event.text().startsWith("think:") ? 60 : 0, TimeUnit.SECONDS));

        // 3. What your users are told when a turn of theirs is cut short (at shutdown, or at a
        //    drain's interrupt deadline), and once when the gateway stops with turns in flight
        //    (unless the drain asked for suppress_notification). Called off the hot path, bounded.
        Notifier notifier = new Notifier() {
            @Override
            public void sessionNotice(Notice.Session notice) {
                outbox.send(notice.session(), notice.text());
            }

            @Override
            public void broadcast(Notice.Broadcast notice) {
                outbox.send(Outbox.HOME_CHANNEL, notice.text());
            }
        };

        // 4. Build and start the gateway: it reads the channel before it admits anything.
        Gateway gateway = Gateway.builder()
                .transport(transport)
                .turnHandler(agent)
                .notifier(notifier)
                .instanceId("my-gateway")
                .start();

        // 5. Mount the control routes (and the gateway's own ingress, metrics) in your own Javalin app.
        DrainRoutes drainRoutes = GatewayHttp.routes(gateway, transport)
                .authenticator(TokenAuthenticator.of(List.of(TokenGrant.sharedSecret("ops", secret))))
                .build();
        Javalin app = Javalin.create(config -> {
            drainRoutes.install(config);
            // 6. Your own ingress hands every message to the gateway; handle() never blocks.
            config.routes.post("/chat", ctx -> {
                Admission admission = gateway.handle(MessageEvent.external(ctx.queryParam("session"), ctx.body()));
                if (admission instanceof Admission.Accepted accepted) {
                    ctx.future(() -> accepted.reply().toCompletableFuture().thenAccept(ctx::result));
                } else {
                    // Refused (starting, draining, stopping: resend later) or busy (this session's turn still runs).
                    ctx.status(admission instanceof Admission.Refused ? 503 : 409).result(admission.immediateReply());
                }
            });
        }).start("127.0.0.1", port);
        // docs:embedding:end
        return new ChatGateway(transport, gateway, drainRoutes, app);
    }

    /** @return the port the app serves on */
    public int port() {
        return app.port();
    }

    /** @return the gateway, for the application's own checks */
    public Gateway gateway() {
        return gateway;
    }

    /** Stops serving, lets the turns in flight finish (up to the drain timeout), then closes the transport. */
    @Override
    public void close() {
        app.stop();
        drainRoutes.close();
        gateway.shutdown();
        transport.close();
    }

    /** {@code java com.example.embedded.ChatGateway HOME SECRET [PORT]}: serves until SIGTERM or Ctrl-C. */
    public static void main(String[] args) throws InterruptedException {
        if (args.length < 2) {
            System.err.println("usage: ChatGateway HOME SECRET [PORT]");
            System.exit(2);
        }
        ChatGateway chat = start(Path.of(args[0]), args[1], args.length > 2 ? Integer.parseInt(args[2]) : 8080);
        Runtime.getRuntime().addShutdownHook(new Thread(chat::close, "chat-gateway-shutdown"));
        System.out.println("Chat gateway on http://127.0.0.1:" + chat.port());
        Thread.currentThread().join();
    }
}
