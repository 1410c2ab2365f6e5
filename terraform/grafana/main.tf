# Grafana for Vigie: the InfluxDB data source, one folder per client with the dashboards that
# `vigie dashboards generate` wrote, a team per client that sees only its folder, and a NOC team.

provider "grafana" {
  url  = var.grafana_url
  auth = var.grafana_auth
}

locals {
  manifest = jsondecode(file("${var.generated_dir}/manifest.json"))
  folders  = { for folder in local.manifest.folders : folder.uid => folder }
  # Client folders only; the NOC's folder (client null) is for the NOC team.
  client_folders = { for uid, folder in local.folders : uid => folder if folder.client != null }
  dashboards = merge([
    for uid, folder in local.folders : {
      for path in folder.dashboards : path => { folder = uid, path = path }
    }
  ]...)
}

resource "grafana_data_source" "influxdb" {
  type     = "influxdb"
  name     = "Vigie InfluxDB"
  uid      = "vigie-influxdb"
  url      = var.influx_url
  username = var.influx_username
  json_data_encoded = jsonencode({
    dbName       = var.influx_database
    httpMode     = "POST"
    timeInterval = "10s"
  })
  secure_json_data_encoded = jsonencode({
    password = var.influx_password
  })
}

resource "grafana_folder" "vigie" {
  for_each = local.folders

  uid   = each.key
  title = each.value.title
}

resource "grafana_dashboard" "vigie" {
  for_each = local.dashboards

  folder      = grafana_folder.vigie[each.value.folder].uid
  config_json = file("${var.generated_dir}/${each.value.path}")
  overwrite   = true
  message     = "terraform: vigie dashboards"
}

resource "grafana_team" "noc" {
  name    = "Vigie NOC"
  members = var.noc_team_members
}

resource "grafana_team" "client" {
  for_each = local.client_folders

  name    = "Vigie client ${each.value.title}"
  members = lookup(var.client_team_members, each.value.client, [])
}

# The whole permission set of each folder: nobody else (not even the Viewer role) sees it.
resource "grafana_folder_permission" "client" {
  for_each = local.client_folders

  folder_uid = grafana_folder.vigie[each.key].uid

  permissions {
    team_id    = grafana_team.client[each.key].id
    permission = "View"
  }

  permissions {
    team_id    = grafana_team.noc.id
    permission = "Edit"
  }
}

resource "grafana_folder_permission" "noc" {
  for_each = { for uid, folder in local.folders : uid => folder if folder.client == null }

  folder_uid = grafana_folder.vigie[each.key].uid

  permissions {
    team_id    = grafana_team.noc.id
    permission = "Edit"
  }
}
