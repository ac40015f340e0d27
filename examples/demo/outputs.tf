# Readable tables for the demo's console output.

output "customers_table" {
  description = "Sophos Central Partner customers."
  value = join("\n", concat(
    [format("%-32s %-8s %-7s %s", "CUSTOMER", "BILLING", "REGION", "ID")],
    [for c in data.sophos_customers.all.customers : format("%-32s %-8s %-7s %s", c.name, c.billing_type, c.data_region, c.id)],
  ))
}

output "product_mappings_table" {
  description = "Every Sophos product with usage and its ConnectWise product."
  value = join("\n", concat(
    [format("%-34s %-40s %-6s", "SOPHOS PRODUCT", "CONNECTWISE PRODUCT", "SYNC")],
    [for m in data.sophos_psa_product_mappings.connectwise.mappings : format("%-34s %-40s %-6s",
      m.sophos_product,
      m.mapped ? format("%s (%d)", m.psa_product_name, m.psa_product_id) : "- not mapped -",
    m.sync_enabled ? "on" : "off")],
  ))
}

output "customer_sync_table" {
  description = "Mapped Autotask customers with their last usage-sync result."
  value = join("\n", concat(
    [format("%-30s %-34s %-6s %-6s %-10s %s", "CUSTOMER", "CONTRACT", "USAGE", "TICKET", "LAST SYNC", "ERROR")],
    [for m in data.sophos_psa_customer_mappings.autotask.mappings : format("%-30s %-34s %-6s %-6s %-10s %s",
      m.customer_name,
      coalesce(m.contract_name, "-"),
      m.usage_sync_enabled ? "on" : "off",
      m.ticket_sync_enabled ? "on" : "off",
      coalesce(m.last_sync_status, "-"),
      m.last_sync_error == null ? "" : m.last_sync_error)
    if m.mapped],
  ))
}
