// The type every generated dashboard must satisfy, built from Grafana's own TypeScript types
// (@grafana/grafana-foundation-sdk). The test DashboardTypeCheckTest writes each generated
// dashboard as `export const d = <JSON> satisfies VigieDashboard;` and runs tsc on them.
import type * as cog from "@grafana/grafana-foundation-sdk/cog";
import type * as common from "@grafana/grafana-foundation-sdk/common";
import type * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import type * as stat from "@grafana/grafana-foundation-sdk/stat";
import type * as statetimeline from "@grafana/grafana-foundation-sdk/statetimeline";
import type * as statushistory from "@grafana/grafana-foundation-sdk/statushistory";
import type * as table from "@grafana/grafana-foundation-sdk/table";
import type * as text from "@grafana/grafana-foundation-sdk/text";
import type * as timeseries from "@grafana/grafana-foundation-sdk/timeseries";

// JSON holds "line" where the SDK declares the enum member GraphDrawStyle.Line: a string enum
// becomes the union of its values, a numeric one the union of its numbers. Objects and arrays
// are mapped deeply; `any` stays `any`; the SDK's marker method for queries is dropped.
type IsAny<T> = 0 extends 1 & T ? true : false;
type EnumNumber<T extends number> = `${T}` extends `${infer N extends number}` ? N : never;
export type Json<T> =
  IsAny<T> extends true
    ? any
    : T extends string
      ? `${T}`
      : T extends number
        ? EnumNumber<T>
        : T extends boolean | null | undefined
          ? T
          : T extends (infer E)[]
            ? Json<E>[]
            : T extends object
              ? { [K in keyof T as K extends "_implementsDataqueryVariant" ? never : K]: Json<T[K]> }
              : T;

// Grafana's InfluxDB query (public/app/plugins/datasource/influxdb/types.ts): the SDK has no
// package for it, so its raw-InfluxQL part is written here.
export interface InfluxQuery {
  refId: string;
  datasource?: Json<dashboard.DataSourceRef>;
  rawQuery: true;
  query: string;
  resultFormat: "time_series" | "table" | "logs";
  alias?: string;
  hide?: boolean;
}

type Overrides = Json<dashboard.FieldConfigSource>["overrides"];

// A panel of one known type: its `type` literal, that type's options (every required field), and
// its field config with that type's `custom` part.
type PanelOf<Type extends string, Options, Custom> = Omit<
  Json<dashboard.Panel>,
  "type" | "options" | "fieldConfig" | "targets"
> & {
  type: Type;
  targets?: InfluxQuery[];
  options: Json<Options>;
  fieldConfig: {
    defaults: Omit<Json<dashboard.FieldConfig>, "custom"> & { custom?: Json<Custom> };
    overrides: Overrides;
  };
};

export type VigiePanel =
  | PanelOf<"stat", stat.Options, {}>
  | PanelOf<"timeseries", timeseries.Options, timeseries.FieldConfig>
  | PanelOf<"state-timeline", statetimeline.Options, statetimeline.FieldConfig>
  | PanelOf<"status-history", statushistory.Options, statushistory.FieldConfig>
  | PanelOf<"table", table.Options, common.TableFieldOptions>
  | PanelOf<"text", text.Options, {}>;

export type VigieRow = Omit<Json<dashboard.RowPanel>, "panels"> & { panels: VigiePanel[] };

export type VigieDashboard = Omit<Json<dashboard.Dashboard>, "panels" | "id"> & {
  uid: string;
  title: string;
  panels: (VigiePanel | VigieRow)[];
};

// Keeps the import of cog used when the SDK changes what Dataquery looks like.
export type Dataquery = Json<cog.Dataquery>;
