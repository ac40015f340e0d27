# Sync usage now, as "Sync now" in the console, without changing anything else
# (Terraform 1.14+).
terraform apply -invoke=action.sophos_psa_sync_usage.connectwise
