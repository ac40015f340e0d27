# Refresh the details once, without changing anything else (Terraform 1.14+).
terraform apply -invoke=action.sophos_psa_refresh_customer_details.alpine
