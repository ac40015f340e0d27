# A usage-sync schedule is imported by the name of its PSA.
terraform import sophos_psa_usage_sync_schedule.connectwise connectwise
