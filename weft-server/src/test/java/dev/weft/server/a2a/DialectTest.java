package dev.weft.server.a2a;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import org.junit.jupiter.api.Test;

/** How each A2A version writes states and parts, and which versions a request may name. */
class DialectTest {

  @Test
  void statesAreProtoJsonIn10AndLowercaseIn03() {
    assertThat(Dialect.V1_0.state(TaskState.INPUT_REQUIRED)).isEqualTo("TASK_STATE_INPUT_REQUIRED");
    assertThat(Dialect.V0_3.state(TaskState.INPUT_REQUIRED)).isEqualTo("input-required");
    assertThat(Dialect.parseState("TASK_STATE_CANCELED")).isEqualTo(TaskState.CANCELED);
    assertThat(Dialect.parseState("canceled")).isEqualTo(TaskState.CANCELED);
    assertThatThrownBy(() -> Dialect.parseState("napping")).isInstanceOf(A2aError.class);
  }

  @Test
  void a03DataPartHoldsAnObjectSoOtherValuesAreWrapped() {
    assertThat(Dialect.V0_3.dataPart(IntNode.valueOf(42)).toString())
        .isEqualTo("{\"kind\":\"data\",\"data\":{\"value\":42}}");
    assertThat(Dialect.V1_0.dataPart(IntNode.valueOf(42)).toString())
        .isEqualTo("{\"data\":42,\"mediaType\":\"application/json\"}");
  }

  @Test
  void runStatusesMapToTaskStates() {
    assertThat(TaskState.ofRun("pending")).isEqualTo(TaskState.SUBMITTED);
    assertThat(TaskState.ofRun("running")).isEqualTo(TaskState.WORKING);
    assertThat(TaskState.ofRun("succeeded-with-failures")).isEqualTo(TaskState.COMPLETED);
    assertThat(TaskState.ofRun("upstream-failed")).isEqualTo(TaskState.FAILED);
    assertThat(TaskState.ofRun("cancelled")).isEqualTo(TaskState.CANCELED);
  }

  @Test
  void noVersionIs03AndAPatchNumberIsIgnored() {
    assertThat(Dialect.of(null)).isEqualTo(Dialect.V0_3);
    assertThat(Dialect.of(" ")).isEqualTo(Dialect.V0_3);
    assertThat(Dialect.of("1.0.3")).isEqualTo(Dialect.V1_0);
    assertThatThrownBy(() -> Dialect.of("1.1"))
        .isInstanceOf(A2aError.class)
        .extracting(e -> ((A2aError) e).code())
        .isEqualTo(A2aError.VERSION_NOT_SUPPORTED);
  }
}
