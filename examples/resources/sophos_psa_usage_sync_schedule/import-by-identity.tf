# Terraform 1.12+ and OpenTofu 1.12+: import by identity, naming the PSA as an attribute.
import {
  to = sophos_psa_usage_sync_schedule.connectwise
  identity = {
    psa = "connectwise"
  }
}
