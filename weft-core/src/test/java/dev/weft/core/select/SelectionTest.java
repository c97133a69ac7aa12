package dev.weft.core.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.core.Dependency;
import dev.weft.core.Node;
import dev.weft.core.Pipeline;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelectionTest {

  /** build <- test (tag ci) <- publish (tag release); lint (tag ci) optional for publish. */
  private static final Pipeline RELEASE =
      Pipeline.builder("release")
          .node("build", "noop")
          .node("lint", "noop", n -> n.tags("ci"))
          .node("test", "noop", n -> n.after("build").tags("ci"))
          .node(
              "publish",
              "noop",
              n -> n.after("test").after(Dependency.optional("lint")).tags("release"))
          .build();

  private static List<String> ids(Selection s) {
    return s.pipeline().nodes().stream().map(Node::id).toList();
  }

  @Test
  void onlyPullsInWhatTheSelectionRequiresAndSaysSo() {
    Selection s = Selection.of(RELEASE, List.of("release"), List.of());

    assertThat(ids(s)).containsExactly("build", "test", "publish");
    assertThat(s.notes()).containsExactly("also running what the selection requires: test, build");
    assertThat(s.pipeline().node("publish").orElseThrow().afterIds()).containsExactly("test");
  }

  @Test
  void skipDropsWhatRequiresTheSkippedNodes() {
    Selection s = Selection.of(RELEASE, List.of(), List.of("build"));

    assertThat(ids(s)).containsExactly("lint");
    assertThat(s.notes())
        .containsExactly("also skipping what requires a skipped node: test, publish");
  }

  @Test
  void anOptionalDependencyOnASkippedNodeIsDropped() {
    Selection s = Selection.of(RELEASE, List.of(), List.of("lint"));

    assertThat(ids(s)).containsExactly("build", "test", "publish");
    assertThat(s.notes()).isEmpty();
  }

  @Test
  void anUnknownNameIsRefusedWithASuggestion() {
    assertThatThrownBy(() -> Selection.of(RELEASE, List.of("relase"), List.of()))
        .hasMessage("no node or tag 'relase'; did you mean 'release'?");
    assertThatThrownBy(() -> Selection.of(RELEASE, List.of("build"), List.of("build")))
        .hasMessage("the selection leaves no node to run");
  }
}
