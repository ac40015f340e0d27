# A PSA integration is imported by the name of the PSA. The next apply sends the
# configuration's credentials (Terraform cannot read the stored secret).
terraform import sophos_psa_integration.autotask autotask
