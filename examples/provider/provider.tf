terraform {
  required_providers {
    sophos = {
      source = "psa-iac/sophos"
    }
  }
}

# Credentials of a Sophos Central Partner API credential. Prefer the SOPHOS_CLIENT_ID and
# SOPHOS_CLIENT_SECRET environment variables to keeping the secret in configuration.
provider "sophos" {
  client_id     = var.sophos_client_id
  client_secret = var.sophos_client_secret
}

variable "sophos_client_id" {
  type = string
}

variable "sophos_client_secret" {
  type      = string
  sensitive = true
}

# To try a change safely, point the provider at the local emulator instead:
#
# provider "sophos" {
#   auth_url      = "http://127.0.0.1:8787"
#   api_url       = "http://127.0.0.1:8787"
#   client_id     = "emulator-client"
#   client_secret = "emulator-secret"
# }
