package dev.weft.core.manifest;

import dev.weft.core.validate.Position;
import dev.weft.core.validate.SourceMap;

/** Resolves JSON pointers against a read manifest, only when a problem needs a position. */
record TreeSourceMap(String file, Tree root) implements SourceMap {

  @Override
  public Position at(String pointer) {
    Tree at = root;
    for (String part : pointer.split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      Tree next =
          switch (at) {
            case Tree.MapTree map -> map.get(part);
            case Tree.ListTree list -> item(list, part);
            case Tree.Scalar scalar -> null;
          };
      if (next == null) {
        break;
      }
      at = next;
    }
    return new Position(file, at.line(), at.column());
  }

  private static Tree item(Tree.ListTree list, String index) {
    try {
      int i = Integer.parseInt(index);
      return i >= 0 && i < list.items().size() ? list.items().get(i) : null;
    } catch (NumberFormatException notAnIndex) {
      return null;
    }
  }
}
