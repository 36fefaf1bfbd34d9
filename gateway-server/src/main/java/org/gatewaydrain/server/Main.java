package org.gatewaydrain.server;

import java.io.PrintWriter;
import java.util.Map;
import org.gatewaydrain.core.DrainControlException;
import picocli.CommandLine;

/** {@code java -jar gateway.jar <command>}: see {@link GatewayCommand}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(args, System.getenv(), out, err));
    }

    /**
     * Runs one command.
     *
     * @return the exit code ({@link ExitCodes}): 0 ok, 1 failed, 2 usage, 3 timed out, 4 interrupted
     */
    static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new GatewayCommand(env, out, err));
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException) {
                err.println("gateway: " + e.getMessage());
                err.flush();
                return ExitCodes.USAGE;
            }
            if (e instanceof DrainControlException) {
                err.println("gateway: " + e.getMessage());
            } else {
                err.println("gateway: unexpected failure: " + e);
                e.printStackTrace(err);
            }
            err.flush();
            return ExitCodes.FAILED;
        });
        return commandLine.execute(args);
    }
}
