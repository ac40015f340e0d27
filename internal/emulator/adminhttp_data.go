package emulator

import (
	"net/http"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// productPatch is the body of PATCH /_emulator/psa/{psa}/products/{id}.
type productPatch struct {
	Identifier  *string  `json:"identifier"`
	Description *string  `json:"description"`
	Inactive    *bool    `json:"inactive"`
	Price       *float64 `json:"price"`
	Cost        *float64 `json:"cost"`
}

// namePatch is the body of the rename routes.
type namePatch struct {
	Name string `json:"name"`
}

// tenantPatch is the body of PATCH /_emulator/tenants/{id}.
type tenantPatch struct {
	Name        *string          `json:"name"`
	BillingType *api.BillingType `json:"billingType"`
}

// adminDataRoutes registers the admin routes that change partner data.
func (e *Emulator) adminDataRoutes(handle adminRoute) {
	noContent := func(err error) (int, any, error) { return http.StatusNoContent, nil, err }
	created := func(id any, err error) (int, any, error) {
		if err != nil {
			return 0, nil, err
		}
		return http.StatusCreated, map[string]any{"id": id}, nil
	}
	// withPSA parses {psa} and, when v is not nil, the JSON body.
	withPSA := func(r *http.Request, v any) (api.Psa, error) {
		psa, err := pathPSA(r)
		if err != nil {
			return psa, err
		}
		if v != nil {
			err = decodeBody(r, v)
		}
		return psa, err
	}
	withID := func(r *http.Request, v any) (api.Psa, int64, error) {
		psa, err := withPSA(r, v)
		if err != nil {
			return psa, 0, err
		}
		id, err := pathInt(r, "id")
		return psa, id, err
	}

	handle("POST /_emulator/psa/{psa}/products", func(r *http.Request, a *Admin) (int, any, error) {
		var p SeedProduct
		psa, err := withPSA(r, &p)
		if err != nil {
			return 0, nil, err
		}
		return created(a.AddProduct(psa, p))
	})
	handle("PATCH /_emulator/psa/{psa}/products/{id}", func(r *http.Request, a *Admin) (int, any, error) {
		var p productPatch
		psa, id, err := withID(r, &p)
		if err != nil {
			return 0, nil, err
		}
		return noContent(a.updateProduct(psa, id, func(rec *productRecord) {
			if p.Identifier != nil {
				rec.Identifier = *p.Identifier
			}
			if p.Description != nil {
				rec.Description = *p.Description
			}
			if p.Inactive != nil {
				rec.Inactive = *p.Inactive
			}
			if p.Price != nil {
				rec.Price = *p.Price
			}
			if p.Cost != nil {
				rec.Cost = *p.Cost
			}
		}))
	})
	handle("DELETE /_emulator/psa/{psa}/products/{id}", func(r *http.Request, a *Admin) (int, any, error) {
		psa, id, err := withID(r, nil)
		if err != nil {
			return 0, nil, err
		}
		return noContent(a.DeleteProduct(psa, id))
	})
	handle("PUT /_emulator/psa/{psa}/product-mappings/{sophosProduct}", func(r *http.Request, a *Admin) (int, any, error) {
		var in productMappingBody
		psa, err := withPSA(r, &in)
		if err != nil {
			return 0, nil, err
		}
		if in.PsaProductID == nil {
			return 0, nil, fieldError("psaProductId", "", nil, "psaProductId is required")
		}
		return noContent(a.SetProductMapping(psa, r.PathValue("sophosProduct"), *in.PsaProductID, in.SyncEnabled == nil || *in.SyncEnabled))
	})
	handle("PATCH /_emulator/psa/{psa}/product-mappings/{sophosProduct}", func(r *http.Request, a *Admin) (int, any, error) {
		var in struct {
			SyncEnabled *bool `json:"syncEnabled"`
		}
		psa, err := withPSA(r, &in)
		if err != nil {
			return 0, nil, err
		}
		if in.SyncEnabled == nil {
			return 0, nil, fieldError("syncEnabled", "", nil, "syncEnabled is required")
		}
		return noContent(a.SetProductMappingSync(psa, r.PathValue("sophosProduct"), *in.SyncEnabled))
	})
	handle("DELETE /_emulator/psa/{psa}/product-mappings/{sophosProduct}", func(r *http.Request, a *Admin) (int, any, error) {
		psa, err := withPSA(r, nil)
		if err != nil {
			return 0, nil, err
		}
		return noContent(a.DeleteProductMapping(psa, r.PathValue("sophosProduct")))
	})
	handle("PUT /_emulator/psa/{psa}/customer-mappings/{customerId}", func(r *http.Request, a *Admin) (int, any, error) {
		var in customerMappingBody
		psa, err := withPSA(r, &in)
		if err != nil {
			return 0, nil, err
		}
		if in.CompanyID == nil {
			return 0, nil, fieldError("companyId", "", nil, "companyId is required")
		}
		return noContent(a.SetCustomerMapping(psa, r.PathValue("customerId"), api.CustomerMappingInput{
			CompanyId: *in.CompanyID, ContractId: in.ContractID, UsageSyncEnabled: in.UsageSyncEnabled, TicketSyncEnabled: in.TicketSyncEnabled,
		}))
	})
	handle("DELETE /_emulator/psa/{psa}/customer-mappings/{customerId}", func(r *http.Request, a *Admin) (int, any, error) {
		psa, err := withPSA(r, nil)
		if err != nil {
			return 0, nil, err
		}
		return noContent(a.DeleteCustomerMapping(psa, r.PathValue("customerId")))
	})
	handle("POST /_emulator/psa/{psa}/companies", func(r *http.Request, a *Admin) (int, any, error) {
		var in struct {
			Name       string `json:"name"`
			Identifier string `json:"identifier"`
		}
		psa, err := withPSA(r, &in)
		if err != nil {
			return 0, nil, err
		}
		return created(a.AddCompany(psa, in.Name, in.Identifier))
	})
	handle("PATCH /_emulator/psa/{psa}/companies/{id}", func(r *http.Request, a *Admin) (int, any, error) {
		var in namePatch
		psa, id, err := withID(r, &in)
		if err != nil {
			return 0, nil, err
		}
		return noContent(a.RenameCompany(psa, id, in.Name))
	})
	handle("DELETE /_emulator/psa/{psa}/companies/{id}", func(r *http.Request, a *Admin) (int, any, error) {
		psa, id, err := withID(r, nil)
		if err != nil {
			return 0, nil, err
		}
		return noContent(a.RemoveCompany(psa, id))
	})
	handle("POST /_emulator/psa/{psa}/contracts", func(r *http.Request, a *Admin) (int, any, error) {
		var in NewContract
		psa, err := withPSA(r, &in)
		if err != nil {
			return 0, nil, err
		}
		return created(a.AddContract(psa, in))
	})
	handle("PATCH /_emulator/psa/{psa}/contracts/{id}", func(r *http.Request, a *Admin) (int, any, error) {
		var in namePatch
		psa, id, err := withID(r, &in)
		if err != nil {
			return 0, nil, err
		}
		return noContent(a.RenameContract(psa, id, in.Name))
	})
	handle("POST /_emulator/psa/{psa}/contracts/{id}/{action}", func(r *http.Request, a *Admin) (int, any, error) {
		psa, id, err := withID(r, nil)
		if err != nil {
			return 0, nil, err
		}
		actions := map[string]func(api.Psa, int64) error{
			"cancel": a.CancelContract, "deactivate": a.DeactivateContract, "expire": a.ExpireContract, "activate": a.ActivateContract,
		}
		fn, ok := actions[r.PathValue("action")]
		if !ok {
			return 0, nil, errNotFound("unknown contract action %q; use cancel, deactivate, expire or activate", r.PathValue("action"))
		}
		return noContent(fn(psa, id))
	})
	handle("PUT /_emulator/psa/{psa}/integration", func(r *http.Request, a *Admin) (int, any, error) {
		var in struct {
			Status api.IntegrationStatus `json:"status"`
		}
		psa, err := withPSA(r, &in)
		if err != nil {
			return 0, nil, err
		}
		return noContent(a.SetIntegrationStatus(psa, in.Status))
	})
	handle("POST /_emulator/psa/{psa}/usage-sync", func(r *http.Request, a *Admin) (int, any, error) {
		psa, err := withPSA(r, nil)
		if err != nil {
			return 0, nil, err
		}
		results, err := a.RunUsageSync(psa)
		return http.StatusOK, map[string]any{"results": results}, err
	})
	handle("GET /_emulator/psa/{psa}/sync-results", func(r *http.Request, a *Admin) (int, any, error) {
		psa, err := withPSA(r, nil)
		if err != nil {
			return 0, nil, err
		}
		results, err := a.SyncResults(psa)
		if results == nil {
			results = []SyncResult{}
		}
		return http.StatusOK, map[string]any{"results": results}, err
	})
	handle("POST /_emulator/synthesize", func(r *http.Request, a *Admin) (int, any, error) {
		var in SynthOptions
		if err := decodeBody(r, &in); err != nil {
			return 0, nil, err
		}
		res, err := a.SynthesizeResult(in)
		return http.StatusCreated, res, err
	})
	handle("POST /_emulator/tenants", func(r *http.Request, a *Admin) (int, any, error) {
		var in SeedTenant
		if err := decodeBody(r, &in); err != nil {
			return 0, nil, err
		}
		return created(a.CreateTenant(in))
	})
	handle("PATCH /_emulator/tenants/{id}", func(r *http.Request, a *Admin) (int, any, error) {
		var in tenantPatch
		if err := decodeBody(r, &in); err != nil {
			return 0, nil, err
		}
		id := r.PathValue("id")
		if in.Name != nil {
			if err := a.RenameTenant(id, *in.Name); err != nil {
				return 0, nil, err
			}
		}
		if in.BillingType != nil {
			if err := a.SetTenantBillingType(id, *in.BillingType); err != nil {
				return 0, nil, err
			}
		}
		return http.StatusNoContent, nil, nil
	})
}
