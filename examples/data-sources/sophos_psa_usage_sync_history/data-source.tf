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
