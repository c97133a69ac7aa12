package dev.weft.tasks.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which listener a notification wakes at once. */
class WakeOrderTest {

  private static final int[] PIDS = {4711, 80, 1234, 999};

  @Test
  void eachNumberedNotificationIsExactlyOneListenersAndTheyTakeTurns() {
    List<WakeOrder> orders = new ArrayList<>();
    for (int pid : PIDS) {
      orders.add(new WakeOrder(pid, PIDS));
    }
    int[] firsts = new int[PIDS.length];
    for (long ticket = 1_000; ticket < 1_400; ticket++) {
      int woken = 0;
      for (int i = 0; i < orders.size(); i++) {
        if (orders.get(i).first(Long.toString(ticket))) {
          woken++;
          firsts[i]++;
        }
      }
      assertThat(woken).as("listeners woken at once by %d", ticket).isEqualTo(1);
    }
    assertThat(firsts).containsOnly(100);
  }

  @Test
  void aPayloadThatIsNotANumberWakesEveryListener() {
    for (int pid : PIDS) {
      assertThat(new WakeOrder(pid, PIDS).first("")).isTrue();
    }
  }

  @Test
  void aListenerAloneOrMissingFromItsOwnViewTakesEveryNotification() {
    assertThat(WakeOrder.alone(80).first("7")).isTrue();
    assertThat(new WakeOrder(5, PIDS).first("7")).isTrue();
    assertThat(new WakeOrder(80, PIDS).listeners()).isEqualTo(4);
  }
}
