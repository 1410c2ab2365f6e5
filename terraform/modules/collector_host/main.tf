# A collector host on OpenStack (OVHcloud Public Cloud runs OpenStack). cloud-init prepares the
# machine for Ansible: a deploying user with the controller's keys, Python, unattended upgrades;
# the Ansible roles (ansible/site.yml) then install and run the collector.

resource "openstack_networking_secgroup_v2" "collector" {
  name        = "${var.name}-collector"
  description = "Vigie collector ${var.name}: SSH from the controller only"
}

resource "openstack_networking_secgroup_rule_v2" "ssh" {
  for_each = toset(var.ssh_allowed_cidrs)

  security_group_id = openstack_networking_secgroup_v2.collector.id
  direction         = "ingress"
  ethertype         = "IPv4"
  protocol          = "tcp"
  port_range_min    = 22
  port_range_max    = 22
  remote_ip_prefix  = each.value
}

resource "openstack_compute_instance_v2" "collector" {
  name            = var.name
  image_name      = var.image_name
  flavor_name     = var.flavor_name
  key_pair        = var.key_pair
  security_groups = [openstack_networking_secgroup_v2.collector.name]
  metadata        = merge(var.metadata, { role = "vigie-collector" })

  user_data = templatefile("${path.module}/cloud-init.yaml.tftpl", {
    hostname    = var.name
    deploy_user = var.deploy_user
    public_keys = var.deploy_public_keys
  })

  network {
    name = var.network_name
  }

  lifecycle {
    # A new cloud-init does not replace a running collector: Ansible manages it from then on.
    ignore_changes = [user_data]
  }
}
