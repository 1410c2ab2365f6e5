package io.vigie.dashboards.push;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** What a push does, in the order it does it. */
public record Plan(List<Action> actions, List<String> warnings) {
  public Plan {
    actions = List.copyOf(actions);
    warnings = List.copyOf(warnings);
  }

  public enum Kind {
    CREATE_FOLDER("create folder"),
    RENAME_FOLDER("rename folder"),
    CREATE_DASHBOARD("create dashboard"),
    UPDATE_DASHBOARD("update dashboard"),
    DELETE_DASHBOARD("delete dashboard"),
    DELETE_FOLDER("delete folder");

    private final String words;

    Kind(String words) {
      this.words = words;
    }

    public String words() {
      return words;
    }
  }

  /**
   * One change a push makes in Grafana.
   *
   * @param folderUid where a dashboard goes; null for folder actions
   */
  public record Action(Kind kind, String uid, String title, @Nullable String folderUid) {
    @Override
    public String toString() {
      return kind.words()
          + " "
          + uid
          + " \""
          + title
          + "\""
          + (folderUid == null ? "" : " in folder " + folderUid);
    }
  }

  public long count(Kind kind) {
    return actions.stream().filter(a -> a.kind() == kind).count();
  }

  /** One line such as {@code folders: 1 created; dashboards: 3 created, 5 updated, 2 deleted}. */
  public String summary() {
    return "folders: %d created, %d renamed, %d deleted; dashboards: %d created, %d updated, %d deleted"
        .formatted(
            count(Kind.CREATE_FOLDER),
            count(Kind.RENAME_FOLDER),
            count(Kind.DELETE_FOLDER),
            count(Kind.CREATE_DASHBOARD),
            count(Kind.UPDATE_DASHBOARD),
            count(Kind.DELETE_DASHBOARD));
  }
}
