output "collector_addresses" {
  description = "Each collector's IPv4 address, by name."
  value       = { for name, host in module.collector : name => host.address }
}

output "ansible_inventory" {
  description = "Entries to paste under collectors.hosts in ansible/inventory/hosts.yml."
  value       = join("", [for host in module.collector : host.ansible_inventory])
}
