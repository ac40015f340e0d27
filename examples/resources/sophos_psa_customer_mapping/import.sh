# A customer mapping is imported by "<psa>/<customer_id>".
terraform import sophos_psa_customer_mapping.alpine autotask/29946c86-596b-4918-b186-dbe32c6a986b
