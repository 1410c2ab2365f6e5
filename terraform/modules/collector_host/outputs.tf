output "address" {
  description = "The collector's IPv4 address."
  value       = openstack_compute_instance_v2.collector.access_ip_v4
}

output "ansible_inventory" {
  description = "The host's entry for ansible/inventory/hosts.yml (group collectors)."
  value = yamlencode({
    (var.name) = {
      ansible_host = openstack_compute_instance_v2.collector.access_ip_v4
      ansible_user = var.deploy_user
    }
  })
}
