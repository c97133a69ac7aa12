package dev.weft.stream;

/**
 * What a node knows about itself when it opens.
 *
 * @param nodeId the node's id in its graph
 * @param runCancelled whether the run is being stopped (a long {@link Source} checks it)
 */
public record StageContext(String nodeId, java.util.function.BooleanSupplier runCancelled) {}
