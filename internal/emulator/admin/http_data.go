package admin

import (
	"net/http"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/psaintegration"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/seed"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/usagesync"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/web"
)

// dataRoutes registers the admin routes that change partner data.
func dataRoutes(rt routes) {
	handle := rt.handle

	handle("POST /_emulator/psa/{psa}/products", func(r *http.Request, a *Admin) (web.Reply, error) {
		var p seed.Product
		psa, err := withPSA(r, &p)
		if err != nil {
			return web.Reply{}, err
		}
		return created(a.AddProduct(psa, p))
	})
	handle("PATCH /_emulator/psa/{psa}/products/{id}", func(r *http.Request, a *Admin) (web.Reply, error) {
		var p ProductChange
		psa, id, err := withID(r, &p)
		if err != nil {
			return web.Reply{}, err
		}
		return noContent(a.ChangeProduct(psa, id, p))
	})
	handle("DELETE /_emulator/psa/{psa}/products/{id}", func(r *http.Request, a *Admin) (web.Reply, error) {
		psa, id, err := withID(r, nil)
		if err != nil {
			return web.Reply{}, err
		}
		return noContent(a.DeleteProduct(psa, id))
	})
	handle("PUT /_emulator/psa/{psa}/product-mappings/{sophosProduct}", func(r *http.Request, a *Admin) (web.Reply, error) {
		var in psaintegration.ProductMappingBody
		psa, err := withPSA(r, &in)
		if err != nil {
			return web.Reply{}, err
		}
		if in.PsaProductID == nil {
			return web.Reply{}, web.FieldError("psaProductId", "", nil, "psaProductId is required")
		}
		return noContent(a.SetProductMapping(psa, r.PathValue("sophosProduct"), *in.PsaProductID, in.Sync()))
	})
	handle("PATCH /_emulator/psa/{psa}/product-mappings/{sophosProduct}", func(r *http.Request, a *Admin) (web.Reply, error) {
		var in struct {
			SyncEnabled *bool `json:"syncEnabled"`
		}
		psa, err := withPSA(r, &in)
		if err != nil {
			return web.Reply{}, err
		}
		if in.SyncEnabled == nil {
			return web.Reply{}, web.FieldError("syncEnabled", "", nil, "syncEnabled is required")
		}
		return noContent(a.SetProductMappingSync(psa, r.PathValue("sophosProduct"), *in.SyncEnabled))
	})
	handle("DELETE /_emulator/psa/{psa}/product-mappings/{sophosProduct}", func(r *http.Request, a *Admin) (web.Reply, error) {
		psa, err := withPSA(r, nil)
		if err != nil {
			return web.Reply{}, err
		}
		return noContent(a.DeleteProductMapping(psa, r.PathValue("sophosProduct")))
	})
	handle("PUT /_emulator/psa/{psa}/customer-mappings/{customerId}", func(r *http.Request, a *Admin) (web.Reply, error) {
		psa, err := pathPSA(r)
		if err != nil {
			return web.Reply{}, err
		}
		in, hasCompany, err := psaintegration.CustomerMappingBody(r)
		if err != nil {
			return web.Reply{}, err
		}
		if !hasCompany {
			return web.Reply{}, web.FieldError("companyId", "", nil, "companyId is required")
		}
		return noContent(a.SetCustomerMapping(psa, r.PathValue("customerId"), in))
	})
	handle("DELETE /_emulator/psa/{psa}/customer-mappings/{customerId}", func(r *http.Request, a *Admin) (web.Reply, error) {
		psa, err := withPSA(r, nil)
		if err != nil {
			return web.Reply{}, err
		}
		return noContent(a.DeleteCustomerMapping(psa, r.PathValue("customerId")))
	})
	handle("POST /_emulator/psa/{psa}/companies", func(r *http.Request, a *Admin) (web.Reply, error) {
		var in struct {
			Name       string `json:"name"`
			Identifier string `json:"identifier"`
		}
		psa, err := withPSA(r, &in)
		if err != nil {
			return web.Reply{}, err
		}
		return created(a.AddCompany(psa, in.Name, in.Identifier))
	})
	handle("PATCH /_emulator/psa/{psa}/companies/{id}", func(r *http.Request, a *Admin) (web.Reply, error) {
		var in struct {
			Name     *string `json:"name"`
			Inactive *bool   `json:"inactive"`
		}
		psa, id, err := withID(r, &in)
		if err != nil {
			return web.Reply{}, err
		}
		if in.Name == nil && in.Inactive == nil {
			return web.Reply{}, web.BadRequest("send name, inactive or both")
		}
		if in.Inactive != nil {
			if err := a.SetCompanyInactive(psa, id, *in.Inactive); err != nil {
				return web.Reply{}, err
			}
		}
		if in.Name == nil {
			return web.NoContent(), nil
		}
		return noContent(a.RenameCompany(psa, id, *in.Name))
	})
	handle("DELETE /_emulator/psa/{psa}/companies/{id}", func(r *http.Request, a *Admin) (web.Reply, error) {
		psa, id, err := withID(r, nil)
		if err != nil {
			return web.Reply{}, err
		}
		return noContent(a.RemoveCompany(psa, id))
	})
	handle("POST /_emulator/psa/{psa}/companies/{id}/recycle", func(r *http.Request, a *Admin) (web.Reply, error) {
		psa, id, err := withID(r, nil)
		if err != nil {
			return web.Reply{}, err
		}
		return noContent(a.RecycleCompany(psa, id))
	})
	handle("POST /_emulator/psa/{psa}/contracts", func(r *http.Request, a *Admin) (web.Reply, error) {
		var in NewContract
		psa, err := withPSA(r, &in)
		if err != nil {
			return web.Reply{}, err
		}
		return created(a.AddContract(psa, in))
	})
	handle("PATCH /_emulator/psa/{psa}/contracts/{id}", func(r *http.Request, a *Admin) (web.Reply, error) {
		var in struct {
			Name string `json:"name"`
		}
		psa, id, err := withID(r, &in)
		if err != nil {
			return web.Reply{}, err
		}
		return noContent(a.RenameContract(psa, id, in.Name))
	})
	handle("POST /_emulator/psa/{psa}/contracts/{id}/{action}", func(r *http.Request, a *Admin) (web.Reply, error) {
		psa, id, err := withID(r, nil)
		if err != nil {
			return web.Reply{}, err
		}
		actions := map[string]func(api.Psa, int64) error{
			"cancel": a.CancelContract, "deactivate": a.DeactivateContract, "expire": a.ExpireContract, "activate": a.ActivateContract,
		}
		fn, ok := actions[r.PathValue("action")]
		if !ok {
			return web.Reply{}, web.NotFound("unknown contract action %q; use cancel, deactivate, expire or activate", r.PathValue("action"))
		}
		return noContent(fn(psa, id))
	})
	handle("PUT /_emulator/psa/{psa}/integration", func(r *http.Request, a *Admin) (web.Reply, error) {
		var in struct {
			Status api.IntegrationStatus `json:"status"`
		}
		psa, err := withPSA(r, &in)
		if err != nil {
			return web.Reply{}, err
		}
		return noContent(a.SetIntegrationStatus(psa, in.Status))
	})
	handle("POST /_emulator/psa/{psa}/usage-sync", func(r *http.Request, a *Admin) (web.Reply, error) {
		psa, err := withPSA(r, nil)
		if err != nil {
			return web.Reply{}, err
		}
		run, err := a.SyncUsage(psa)
		if err != nil {
			return web.Reply{}, err
		}
		return web.OK(map[string]any{"results": usagesync.Results(run)}), nil
	})
	handle("GET /_emulator/psa/{psa}/sync-results", func(r *http.Request, a *Admin) (web.Reply, error) {
		psa, err := withPSA(r, nil)
		if err != nil {
			return web.Reply{}, err
		}
		results, err := a.SyncResults(psa)
		if results == nil {
			results = []usagesync.Result{}
		}
		return web.OK(map[string]any{"results": results}), err
	})
	handle("POST /_emulator/synthesize", func(r *http.Request, a *Admin) (web.Reply, error) {
		var in SynthOptions
		if err := web.DecodeBody(r, &in); err != nil {
			return web.Reply{}, err
		}
		res, err := a.SynthesizeResult(in)
		return web.Created(res), err
	})
	handle("POST /_emulator/tenants", func(r *http.Request, a *Admin) (web.Reply, error) {
		var in seed.Tenant
		if err := web.DecodeBody(r, &in); err != nil {
			return web.Reply{}, err
		}
		return created(a.CreateTenant(in))
	})
	handle("PATCH /_emulator/tenants/{id}", func(r *http.Request, a *Admin) (web.Reply, error) {
		var in struct {
			Name        *string          `json:"name"`
			BillingType *api.BillingType `json:"billingType"`
		}
		if err := web.DecodeBody(r, &in); err != nil {
			return web.Reply{}, err
		}
		id := r.PathValue("id")
		if in.Name != nil {
			if err := a.RenameTenant(id, *in.Name); err != nil {
				return web.Reply{}, err
			}
		}
		if in.BillingType != nil {
			if err := a.SetTenantBillingType(id, *in.BillingType); err != nil {
				return web.Reply{}, err
			}
		}
		return web.NoContent(), nil
	})
}
