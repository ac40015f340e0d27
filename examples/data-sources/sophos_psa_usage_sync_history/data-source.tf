# The last five usage-sync runs to Autotask.
data "sophos_psa_usage_sync_history" "autotask" {
  psa      = "autotask"
  max_runs = 5
}

# Since when has each customer failed? (Newest run first; keyed by customer id, since two
# customers may have the same name.)
output "failures_by_run" {
  value = [for r in data.sophos_psa_usage_sync_history.autotask.runs : {
    run    = r.finished_at
    failed = { for c in r.results : c.customer_id => "${c.customer_name}: ${c.error}" if c.status == "failed" }
  }]
}

# The PSA lines the last run wrote (Autotask: the contract service of each mapped service and
# its units of the month), per customer id: what the PSA should now hold for each customer.
output "last_run_psa_lines" {
  value = {
    for c in try(data.sophos_psa_usage_sync_history.autotask.runs[0].results, []) : c.customer_id => [
      for l in c.psa_lines : "${l.action}: ${l.quantity} units of service ${l.psa_product_id} on contract ${c.contract_id} (contract service ${l.contract_service_id}, units ${l.contract_service_unit_id})"
    ] if length(c.psa_lines) > 0
  }
}
