# Credentials come from the OpenStack environment (OS_AUTH_URL, OS_APPLICATION_CREDENTIAL_ID,
# OS_APPLICATION_CREDENTIAL_SECRET, OS_REGION_NAME: source the openrc file of the project),
# never from a file of this repository.
provider "openstack" {}

module "collector" {
  source   = "../modules/collector_host"
  for_each = var.collectors

  name               = each.key
  network_name       = each.value.network_name
  key_pair           = var.key_pair
  deploy_public_keys = var.deploy_public_keys
  ssh_allowed_cidrs  = var.ssh_allowed_cidrs
}
