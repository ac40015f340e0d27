# List what the console has, write the configuration for it, import it without writing
# anything, and prove the configuration matches (Terraform 1.14+).
terraform query -generate-config-out=generated.tf
terraform apply
terraform plan -detailed-exitcode
