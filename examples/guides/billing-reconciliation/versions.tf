# The provider, with the blocks of the PSAs reconciled: their lines are read through each
# PSA's own API. Their settings come from the CONNECTWISE_* and AUTOTASK_* environment
# variables here (see the guides on connecting ConnectWise and Autotask).
terraform {
  required_providers {
    sophos = {
      source = "psa-iac/sophos"
    }
  }
}

provider "sophos" {
  connectwise {}
  autotask {}
}
