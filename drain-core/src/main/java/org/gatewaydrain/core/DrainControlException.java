package org.gatewaydrain.core;

/**
 * The one unchecked exception of Gateway Drain: a control-channel write, a status write or a
 * configuration step failed. The message is a sentence an operator can act on (it names the
 * path, key or endpoint involved); the underlying cause, if any, is kept.
 */
public class DrainControlException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what failed and, where known, what to do about it */
    public DrainControlException(String message) {
        super(message);
    }

    /**
     * @param message what failed and, where known, what to do about it
     * @param cause the underlying failure, kept for the log
     */
    public DrainControlException(String message, Throwable cause) {
        super(message, cause);
    }
}
