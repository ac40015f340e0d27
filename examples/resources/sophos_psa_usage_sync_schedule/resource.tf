# Sync ConnectWise usage once a month, on the 5th, instead of with the Sophos monthly
# invoice. Firewall products still sync only with the invoice.
resource "sophos_psa_usage_sync_schedule" "connectwise" {
  psa          = "connectwise"
  schedule     = "monthly"
  day_of_month = 5
}
