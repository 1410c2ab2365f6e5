variable "name" {
  description = "The collector host's name, also its Ansible inventory name and collector id."
  type        = string
}

variable "image_name" {
  description = "A Debian 12 image of the cloud, such as \"Debian 12\" on OVHcloud."
  type        = string
  default     = "Debian 12"
}

variable "flavor_name" {
  description = "The instance size; 2 vCPU and 4 GB serve a few thousand targets."
  type        = string
  default     = "b3-8"
}

variable "network_name" {
  description = "The network the collector reaches its targets from (Ext-Net for a public address on OVHcloud)."
  type        = string
}

variable "key_pair" {
  description = "The OpenStack key pair for the first login of the deploying user."
  type        = string
}

variable "deploy_user" {
  description = "The account Ansible logs in with after cloud-init."
  type        = string
  default     = "deploy"
}

variable "deploy_public_keys" {
  description = "Public SSH keys allowed to log in as the deploying user (Ansible's controller)."
  type        = list(string)
}

variable "ssh_allowed_cidrs" {
  description = "Networks allowed to reach SSH on the collector (the Ansible controller's)."
  type        = list(string)
}

variable "metadata" {
  description = "Extra OpenStack metadata for the instance."
  type        = map(string)
  default     = {}
}
