package dev.weft.stream;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * What a node knows about itself when it opens.
 *
 * @param nodeId the node's id in its graph
 * @param runCancelled whether the run is being stopped (a long {@link Source} checks it)
 * @param failRun fails the run with this node and the given reason; callable from any thread, e.g.
 *     one that watches a helper process of the node
 */
public record StageContext(String nodeId, BooleanSupplier runCancelled, Consumer<String> failRun) {}
