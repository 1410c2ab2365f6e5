package io.vigie.dashboards.generate;

import io.vigie.dashboards.grafana.Element;
import io.vigie.dashboards.grafana.GridPos;
import io.vigie.dashboards.grafana.Panel;
import io.vigie.dashboards.grafana.Row;
import java.util.ArrayList;
import java.util.List;

/**
 * Places panels left to right on Grafana's 24-column grid, starting a new line when one is full,
 * and numbers them in order so that the same inventory always gives the same ids.
 */
final class Layout {
  static final int COLUMNS = 24;

  private final List<Element> elements = new ArrayList<>();
  private int nextId = 1;
  private int x;
  private int y;
  private int lineHeight;

  /** A row header across the grid; what follows belongs to it. */
  Layout row(String title) {
    newLine();
    elements.add(new Row(nextId++, title, false, new GridPos(1, COLUMNS, 0, y), List.of()));
    y += 1;
    return this;
  }

  Layout add(Panel panel, int width, int height) {
    if (x + width > COLUMNS) {
      newLine();
    }
    elements.add(panel.at(nextId++, new GridPos(height, width, x, y)));
    x += width;
    lineHeight = Math.max(lineHeight, height);
    return this;
  }

  private void newLine() {
    y += lineHeight;
    x = 0;
    lineHeight = 0;
  }

  List<Element> elements() {
    return List.copyOf(elements);
  }
}
