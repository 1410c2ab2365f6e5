output "datasource_uid" {
  description = "The UID every generated panel queries."
  value       = grafana_data_source.influxdb.uid
}

output "folder_uids" {
  description = "Folder UID by title."
  value       = { for uid, folder in grafana_folder.vigie : folder.title => uid }
}

output "dashboard_urls" {
  description = "Each dashboard's URL, by file."
  value       = { for path, dashboard in grafana_dashboard.vigie : path => dashboard.url }
}

output "client_team_ids" {
  description = "The Grafana team of each client folder, by folder UID."
  value       = { for uid, team in grafana_team.client : uid => team.id }
}
