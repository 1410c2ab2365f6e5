/**
 * A small typed model of Grafana's dashboard JSON: only what Vigie generates. Names follow the
 * Grafana Foundation SDK's ({@code Dashboard}, {@code Panel}, {@code FieldConfigSource}...) so that
 * the TypeScript check in {@code dashboards/typecheck} reads like the Java. See
 * docs/decisions/0006-own-grafana-model.md for why it is not the SDK itself.
 */
package io.vigie.dashboards.grafana;
