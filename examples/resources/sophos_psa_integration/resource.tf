# The secret is an ephemeral input: it is sent to Sophos Central when the credentials are
# written and never lands in the plan or the state. In CI, set TF_VAR_autotask_secret from
# the pipeline's secret store, or read it with an ephemeral resource of a secrets manager.
variable "autotask_secret" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "sophos_psa_integration" "autotask" {
  psa = "autotask"
  autotask = {
    username         = "sophos-api@northwindit.example"
    integration_code = "NWSOPHOSCENTRAL7Q2X"
    secret_wo        = var.autotask_secret
    # Rotating the API user's secret in Autotask: put the new one in the variable and
    # increase the version; the next apply sends it.
    secret_wo_version = 1
  }
}

# Mappings and the schedule take their psa from the integration's id: Terraform then
# connects the PSA before them and removes them before it disconnects the PSA.
resource "sophos_psa_usage_sync_schedule" "autotask" {
  psa      = sophos_psa_integration.autotask.id
  schedule = "daily"
}

output "autotask_status" {
  value = sophos_psa_integration.autotask.status
}
