# One company by its exact name...
data "sophos_psa_companies" "alpine" {
  psa  = "autotask"
  name = "Alpine Dental Group"
}

# ...or every company whose name contains a text (at least two characters).
data "sophos_psa_companies" "legal" {
  psa    = "connectwise"
  search = "legal"
}

output "alpine_company_id" {
  value = one(data.sophos_psa_companies.alpine.companies).id
}

output "legal_companies" {
  value = { for c in data.sophos_psa_companies.legal.companies : c.id => c.name }
}
