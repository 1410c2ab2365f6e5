variable "grafana_url" {
  description = "Grafana's base URL, such as https://grafana.example.net."
  type        = string
}

variable "grafana_auth" {
  description = "A service-account token with the Admin role (folders, teams, permissions). Give it through TF_VAR_grafana_auth, never in a file."
  type        = string
  sensitive   = true
}

variable "generated_dir" {
  description = "The output of `vigie dashboards generate --out DIR`: manifest.json and dashboards/."
  type        = string
  default     = "../../build/grafana"
}

variable "influx_url" {
  description = "InfluxDB's URL as Grafana's server reaches it."
  type        = string
}

variable "influx_database" {
  description = "The InfluxDB database the collectors write."
  type        = string
  default     = "vigie"
}

variable "influx_username" {
  description = "A read-only InfluxDB user for Grafana."
  type        = string
  default     = "grafana"
}

variable "influx_password" {
  description = "That user's password. Give it through TF_VAR_influx_password."
  type        = string
  sensitive   = true
}

variable "noc_team_members" {
  description = "E-mail addresses of the NOC staff: the NOC team may edit every Vigie folder."
  type        = list(string)
  default     = []
}

variable "client_team_members" {
  description = "Per client id, the e-mail addresses of that client's Grafana users: its team sees its own folder only."
  type        = map(list(string))
  default     = {}
}
