package org.gatewaydrain.server;

import org.gatewaydrain.core.DrainControlException;

/**
 * The configuration a command was given is wrong (a bad value, an unknown key, a file that
 * cannot be read): the command tried nothing, and exits {@link ExitCodes#USAGE} like a wrong
 * flag. The message names the key, where it came from and the fix.
 */
final class ConfigException extends DrainControlException {

    private static final long serialVersionUID = 1L;

    ConfigException(String message) {
        super(message);
    }

    ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
