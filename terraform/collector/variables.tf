variable "collectors" {
  description = "Collector hosts to create, by name: each one's network (for example Ext-Net)."
  type        = map(object({ network_name = string }))
}

variable "key_pair" {
  description = "The OpenStack key pair for the first login."
  type        = string
}

variable "deploy_public_keys" {
  description = "Public SSH keys of the Ansible controller."
  type        = list(string)
}

variable "ssh_allowed_cidrs" {
  description = "Networks allowed to reach the collectors' SSH (the Ansible controller's)."
  type        = list(string)
}
