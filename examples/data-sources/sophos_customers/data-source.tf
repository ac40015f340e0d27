# Every customer of the partner.
data "sophos_customers" "all" {}

# Usage-billed (MSP Flex) customers, whose usage can be synced to a PSA.
data "sophos_customers" "usage" {
  billing_type = "usage"
}

# One customer by exact name, and customers whose name contains a word.
data "sophos_customers" "alpine" {
  name = "Alpine Dental Group"
}

data "sophos_customers" "medical" {
  search = "medic"
}

output "usage_customer_names" {
  value = data.sophos_customers.usage.customers[*].name
}
