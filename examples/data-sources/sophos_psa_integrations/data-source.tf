data "sophos_psa_integrations" "all" {}

# Warn in every plan while a PSA refuses the stored credentials.
check "psa_integrations_connected" {
  assert {
    condition     = alltrue([for i in data.sophos_psa_integrations.all.integrations : i.status != "error"])
    error_message = join("\n", [for i in data.sophos_psa_integrations.all.integrations : "${i.name}: ${i.status_error}" if i.status == "error"])
  }
}

output "integration_status" {
  value = { for i in data.sophos_psa_integrations.all.integrations : i.psa => i.status }
}
