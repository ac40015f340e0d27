package emulator

import (
	"net/http"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

func (s *server) notYet(w http.ResponseWriter, r *http.Request) {
	s.e.writeError(w, r, &StatusError{Status: http.StatusNotImplemented, Code: "NotImplemented", Message: "not implemented yet in the emulator"})
}

func (s *server) ListPsaCompanies(w http.ResponseWriter, r *http.Request, _ api.Psa, _ api.ListPsaCompaniesParams) {
	s.notYet(w, r)
}
func (s *server) GetPsaCompany(w http.ResponseWriter, r *http.Request, _ api.Psa, _ int64, _ api.GetPsaCompanyParams) {
	s.notYet(w, r)
}
func (s *server) ListPsaContracts(w http.ResponseWriter, r *http.Request, _ api.Psa, _ api.ListPsaContractsParams) {
	s.notYet(w, r)
}
func (s *server) GetPsaContract(w http.ResponseWriter, r *http.Request, _ api.Psa, _ int64, _ api.GetPsaContractParams) {
	s.notYet(w, r)
}
func (s *server) ListCustomerMappings(w http.ResponseWriter, r *http.Request, _ api.Psa, _ api.ListCustomerMappingsParams) {
	s.notYet(w, r)
}
func (s *server) DeleteCustomerMapping(w http.ResponseWriter, r *http.Request, _ api.Psa, _ api.CustomerId, _ api.DeleteCustomerMappingParams) {
	s.notYet(w, r)
}
func (s *server) GetCustomerMapping(w http.ResponseWriter, r *http.Request, _ api.Psa, _ api.CustomerId, _ api.GetCustomerMappingParams) {
	s.notYet(w, r)
}
func (s *server) PutCustomerMapping(w http.ResponseWriter, r *http.Request, _ api.Psa, _ api.CustomerId, _ api.PutCustomerMappingParams) {
	s.notYet(w, r)
}
func (s *server) RefreshCustomerMapping(w http.ResponseWriter, r *http.Request, _ api.Psa, _ api.CustomerId, _ api.RefreshCustomerMappingParams) {
	s.notYet(w, r)
}
