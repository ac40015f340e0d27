# The PSA connections of `make demo`, as the team that holds the PSA credentials would keep
# them: both PSAs connected from code, their secrets write-only (from TF_VAR_* set by
# tools/demo.sh; in CI, from the secret store), and Autotask synced daily.

terraform {
  required_providers {
    sophos = {
      source = "psa-iac/sophos"
    }
  }
}

provider "sophos" {}

variable "connectwise_private_key" {
  type      = string
  sensitive = true
  ephemeral = true
}

variable "autotask_secret" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "sophos_psa_integration" "connectwise" {
  psa = "connectwise"
  connectwise = {
    site                   = "api-na.myconnectwise.net"
    company_id             = "northwindit"
    public_key             = "NwPub7Q2xK9mLr4T"
    client_id              = "3c1e8f5a-7b2d-4e9a-9f61-2d8c4b7a1e05"
    private_key_wo         = var.connectwise_private_key
    private_key_wo_version = 1
  }
}

resource "sophos_psa_integration" "autotask" {
  psa = "autotask"
  autotask = {
    username          = "sophos-api@northwindit.example"
    integration_code  = "NWSOPHOSCENTRAL7Q2X"
    secret_wo         = var.autotask_secret
    secret_wo_version = 1
  }
}

# Autotask invoices are raised weekly from synced usage, so Autotask syncs daily.
# ConnectWise keeps the default: with the Sophos monthly invoice.
resource "sophos_psa_usage_sync_schedule" "autotask" {
  psa      = sophos_psa_integration.autotask.id
  schedule = "daily"
}

output "integrations_table" {
  description = "The PSA connections."
  value = join("\n", [
    format("%-12s %-10s %-22s %s", "PSA", "STATUS", "CONNECTED", "USAGE SYNC"),
    format("%-12s %-10s %-22s %s", "connectwise", sophos_psa_integration.connectwise.status, sophos_psa_integration.connectwise.connected_at, "withInvoice (default)"),
    format("%-12s %-10s %-22s %s", "autotask", sophos_psa_integration.autotask.status, sophos_psa_integration.autotask.connected_at, sophos_psa_usage_sync_schedule.autotask.schedule),
  ])
}
