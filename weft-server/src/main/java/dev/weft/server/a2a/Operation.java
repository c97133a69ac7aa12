package dev.weft.server.a2a;

import java.util.Map;
import java.util.Optional;

/** The A2A operations, each with its JSON-RPC method name in 1.0 and in 0.3 (if any). */
enum Operation {
  SEND_MESSAGE("SendMessage", "message/send"),
  SEND_STREAMING_MESSAGE("SendStreamingMessage", "message/stream"),
  GET_TASK("GetTask", "tasks/get"),
  LIST_TASKS("ListTasks", null),
  CANCEL_TASK("CancelTask", "tasks/cancel"),
  SUBSCRIBE_TO_TASK("SubscribeToTask", "tasks/resubscribe"),
  CREATE_PUSH_CONFIG("CreateTaskPushNotificationConfig", "tasks/pushNotificationConfig/set"),
  GET_PUSH_CONFIG("GetTaskPushNotificationConfig", "tasks/pushNotificationConfig/get"),
  LIST_PUSH_CONFIGS("ListTaskPushNotificationConfigs", "tasks/pushNotificationConfig/list"),
  DELETE_PUSH_CONFIG("DeleteTaskPushNotificationConfig", "tasks/pushNotificationConfig/delete"),
  GET_EXTENDED_CARD("GetExtendedAgentCard", "agent/getAuthenticatedExtendedCard");

  private final String v10;
  private final String v03;

  Operation(String v10, String v03) {
    this.v10 = v10;
    this.v03 = v03;
  }

  /** Whether it is one of the push-notification config methods. */
  boolean push() {
    return name().contains("PUSH");
  }

  /** Whether it answers with a stream of events. */
  boolean streams() {
    return this == SEND_STREAMING_MESSAGE || this == SUBSCRIBE_TO_TASK;
  }

  private static final Map<String, Operation> BY_V10 = new java.util.HashMap<>();
  private static final Map<String, Operation> BY_V03 = new java.util.HashMap<>();

  static {
    for (Operation op : values()) {
      BY_V10.put(op.v10, op);
      if (op.v03 != null) {
        BY_V03.put(op.v03, op);
      }
    }
  }

  /** The operation a method name calls in this protocol version. */
  static Optional<Operation> of(String method, Dialect dialect) {
    return Optional.ofNullable((dialect == Dialect.V1_0 ? BY_V10 : BY_V03).get(method));
  }
}
