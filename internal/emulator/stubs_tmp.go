package emulator

import (
	"net/http"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

func (s *server) notYet(w http.ResponseWriter, r *http.Request) {
	s.e.writeError(w, r, &StatusError{Status: http.StatusNotImplemented, Code: "NotImplemented", Message: "not implemented yet in the emulator"})
}

func (s *server) GetConnectWiseCatalogReference(w http.ResponseWriter, r *http.Request, _ api.GetConnectWiseCatalogReferenceParams) {
	s.notYet(w, r)
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
func (s *server) ListProductMappings(w http.ResponseWriter, r *http.Request, _ api.Psa, _ api.ListProductMappingsParams) {
	s.notYet(w, r)
}
func (s *server) DeleteProductMapping(w http.ResponseWriter, r *http.Request, _ api.Psa, _ string, _ api.DeleteProductMappingParams) {
	s.notYet(w, r)
}
func (s *server) GetProductMapping(w http.ResponseWriter, r *http.Request, _ api.Psa, _ string, _ api.GetProductMappingParams) {
	s.notYet(w, r)
}
func (s *server) PutProductMapping(w http.ResponseWriter, r *http.Request, _ api.Psa, _ string, _ api.PutProductMappingParams) {
	s.notYet(w, r)
}
func (s *server) ListPsaProducts(w http.ResponseWriter, r *http.Request, _ api.Psa, _ api.ListPsaProductsParams) {
	s.notYet(w, r)
}
func (s *server) CreatePsaProduct(w http.ResponseWriter, r *http.Request, _ api.Psa, _ api.CreatePsaProductParams) {
	s.notYet(w, r)
}
func (s *server) DeletePsaProduct(w http.ResponseWriter, r *http.Request, _ api.Psa, _ int64, _ api.DeletePsaProductParams) {
	s.notYet(w, r)
}
func (s *server) GetPsaProduct(w http.ResponseWriter, r *http.Request, _ api.Psa, _ int64, _ api.GetPsaProductParams) {
	s.notYet(w, r)
}
func (s *server) UpdatePsaProduct(w http.ResponseWriter, r *http.Request, _ api.Psa, _ int64, _ api.UpdatePsaProductParams) {
	s.notYet(w, r)
}
