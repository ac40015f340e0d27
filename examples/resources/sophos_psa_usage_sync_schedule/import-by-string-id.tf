# Bring a schedule set in the Sophos Central Partner console under Terraform.
import {
  to = sophos_psa_usage_sync_schedule.connectwise
  id = "connectwise"
}
