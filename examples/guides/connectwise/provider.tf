terraform {
  required_providers {
    sophos = {
      source = "psa-iac/sophos"
    }
  }
}

provider "sophos" {
  # The Sophos Central Partner credential, as without the block (SOPHOS_CLIENT_ID and
  # SOPHOS_CLIENT_SECRET in the environment here).

  # ConnectWise's own API: catalog products are created, edited and removed there, and the
  # PSA data sources and plan-time checks read ConnectWise's catalog, companies and
  # agreements. Every argument may also come from its CONNECTWISE_* environment variable.
  connectwise {
    site        = var.connectwise_site # e.g. api-na.myconnectwise.net
    company_id  = var.connectwise_company_id
    public_key  = var.connectwise_public_key
    private_key = var.connectwise_private_key
    client_id   = var.connectwise_client_id
    # Only for a ConnectWise whose certificate a private authority signed (on-premise, or
    # the local emulator's generated CA); otherwise the system's authorities are trusted.
    ca_certificate_file = var.connectwise_ca_certificate_file
  }
}

variable "connectwise_site" {
  type = string
}

variable "connectwise_company_id" {
  type = string
}

variable "connectwise_public_key" {
  type = string
}

# Ephemeral (Terraform 1.10+): the private key and clientId reach the provider and nothing
# else, neither plan nor state. On older engines drop `ephemeral`; they are sensitive anyway.
variable "connectwise_private_key" {
  type      = string
  sensitive = true
  ephemeral = true
}

variable "connectwise_client_id" {
  type      = string
  sensitive = true
  ephemeral = true
}

variable "connectwise_ca_certificate_file" {
  type    = string
  default = null
}

# The agreements of a company, as ConnectWise has them (cancelled ones never listed).
data "sophos_psa_contracts" "cedar_ridge" {
  psa        = "connectwise"
  company_id = 253
}

output "cedar_ridge_agreements" {
  value = { for a in data.sophos_psa_contracts.cedar_ridge.contracts : a.id => "${a.name} (${a.status})" }
}
