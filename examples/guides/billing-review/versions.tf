# The review calls the provider's usage_rollup function, which needs the provider named
# here (Terraform 1.8+ or OpenTofu 1.7+), also when the review is used as a module.
terraform {
  required_version = ">= 1.8"
  required_providers {
    sophos = {
      source = "psa-iac/sophos"
    }
  }
}
