package io.vigie.dashboards.grafana;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A link, on a dashboard or a field (Grafana's {@code DashboardLink}). Every field is written, as
 * the SDK's type requires.
 *
 * @param type {@code link} (to a URL) or {@code dashboards} (to dashboards with {@code tags})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Link(
    String title,
    String type,
    String icon,
    String tooltip,
    @Nullable String url,
    List<String> tags,
    boolean asDropdown,
    boolean targetBlank,
    boolean includeVars,
    boolean keepTime) {
  public Link {
    tags = List.copyOf(tags);
  }

  /** A link to one dashboard by UID, keeping the time range. */
  public static Link toDashboard(String title, String uid, String tooltip) {
    return new Link(
        title, "link", "dashboard", tooltip, "/d/" + uid, List.of(), false, false, false, true);
  }

  /** A drop-down of every dashboard carrying all of {@code tags}. */
  public static Link byTags(String title, List<String> tags) {
    return new Link(title, "dashboards", "external link", "", null, tags, true, false, false, true);
  }
}
