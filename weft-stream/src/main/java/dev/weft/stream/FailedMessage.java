package dev.weft.stream;

/**
 * A message a node gave up on, sent to its {@code errors} output when one is connected.
 *
 * @param nodeId the node that failed
 * @param message the message it failed on
 * @param error why, as the last attempt's exception said
 */
public record FailedMessage(String nodeId, Object message, String error) {}
