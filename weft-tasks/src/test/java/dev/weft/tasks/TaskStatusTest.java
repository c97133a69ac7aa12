package dev.weft.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.core.validate.Validator;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TaskStatusTest {

  @Test
  void conditionsAreValidatedAgainstExactlyTheStatusesATaskEndsWith() {
    assertThat(Validator.CONDITION_STATUSES)
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(TaskStatus.values())
                .filter(TaskStatus::ended)
                .map(TaskStatus::display)
                .toList());
  }
}
