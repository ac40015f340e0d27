# Read Autotask through its own REST API. The Sophos credentials come from the
# SOPHOS_CLIENT_ID and SOPHOS_CLIENT_SECRET environment variables; the Autotask API user's
# from the variables below (or AUTOTASK_USERNAME, AUTOTASK_SECRET and
# AUTOTASK_INTEGRATION_CODE, with an empty `autotask {}` block).
provider "sophos" {
  autotask {
    username         = var.autotask_username
    secret           = var.autotask_secret
    integration_code = var.autotask_integration_code
    # zone_url = "https://webservices5.autotask.net/ATServicesRest/" # skips the zone lookup
  }
}

variable "autotask_username" {
  type = string
}

variable "autotask_secret" {
  type      = string
  sensitive = true
  ephemeral = true
}

variable "autotask_integration_code" {
  type      = string
  sensitive = true
  ephemeral = true
}
