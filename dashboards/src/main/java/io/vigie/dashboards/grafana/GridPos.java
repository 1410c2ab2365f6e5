package io.vigie.dashboards.grafana;

/** A panel's place on Grafana's 24-column grid; heights in grid units of 30 px. */
public record GridPos(int h, int w, int x, int y) {}
