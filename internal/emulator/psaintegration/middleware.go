package psaintegration

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/google/uuid"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/apiserver"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/web"
)

// The room's middleware: what the generated wrapper runs before a handler.

// paramKind names the expected type of a parameter the generated wrapper parses.
func paramKind(name string) string {
	switch name {
	case "page", "pageSize", "companyId", "productId", "contractId":
		return "an integer"
	case "pageTotal", "includeInactive", "includeExpired", "usageSyncAvailable":
		return "true or false"
	case "customerId", "X-Partner-ID":
		return "a UUID"
	default:
		return "valid"
	}
}

// ParamError answers the generated wrapper's parameter errors: 400s in the Error shape.
func (rm *Room) ParamError(w http.ResponseWriter, r *http.Request, err error) {
	rm.api.WriteError(w, r, paramError(r, err))
}

// paramError is the 400 of a parameter the generated wrapper could not parse.
func paramError(r *http.Request, err error) error {
	var (
		name    string
		invalid *apiserver.InvalidParamFormatError
		reqHdr  *apiserver.RequiredHeaderError
		reqPar  *apiserver.RequiredParamError
		many    *apiserver.TooManyValuesForParamError
		unmar   *apiserver.UnmarshalingParamError
	)
	switch {
	case errors.As(err, &invalid):
		name = invalid.ParamName
	case errors.As(err, &reqHdr):
		name = reqHdr.ParamName
	case errors.As(err, &reqPar):
		name = reqPar.ParamName
	case errors.As(err, &many):
		return web.FieldError(many.ParamName, "", nil, "%s was given %d times; give it once", many.ParamName, many.Count)
	case errors.As(err, &unmar):
		name = unmar.ParamName
	default:
		return web.BadRequest("invalid request: %v", err)
	}
	if name == "X-Partner-ID" {
		return web.Unauthorized("the X-Partner-ID header is missing or malformed; send the partner id from GET /whoami/v1")
	}
	value := r.PathValue(name)
	where := "path parameter"
	if value == "" {
		value = r.URL.Query().Get(name)
		where = "query parameter"
	}
	if msg, ok := web.PagingRangeError(name, value); ok {
		return web.FieldError(name, value, nil, "%s %s", where, msg)
	}
	return web.FieldError(name, value, nil, "%s %s must be %s (got %q)", where, name, paramKind(name), value)
}

// CheckPSA validates the {psa} and {customerId} path parameters and that the PSA is
// connected for the partner.
func (rm *Room) CheckPSA(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := rm.checkPSA(r); err != nil {
			rm.api.WriteError(w, r, err)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (rm *Room) checkPSA(r *http.Request) error {
	if id := r.PathValue("customerId"); id != "" {
		if _, err := uuid.Parse(id); err != nil {
			return web.FieldError("customerId", id, nil, "path parameter customerId must be a customer (tenant) UUID (got %q)", id)
		}
	}
	psa := api.Psa(r.PathValue("psa"))
	if r.URL.Path == "/partner/v1/psa/connectwise/catalog-reference" {
		psa = api.PsaConnectwise
	}
	if psa == "" {
		return nil
	}
	if err := CheckPSAValue(psa); err != nil {
		return err
	}
	if relaxedPSARoute(r.URL.Path) {
		return nil
	}
	return requireConnected(r.Context(), rm.api.Store.Q(), web.PrincipalOf(r).PartnerID, psa)
}

// CheckPSAValue refuses a psa that is not a supported PSA.
func CheckPSAValue(psa api.Psa) error {
	if !psa.Valid() {
		allowed := api.Strings(api.PSAs())
		return web.FieldError("psa", string(psa), allowed, "unknown PSA %q; valid values are %s", psa, strings.Join(allowed, ", "))
	}
	return nil
}

// requireConnected fails with 409 unless the partner's PSA integration is connected.
func requireConnected(ctx context.Context, q store.Q, partnerID string, psa api.Psa) error {
	in, err := q.Integration(ctx, partnerID, psa)
	if err != nil {
		return err
	}
	switch in.Status {
	case api.IntegrationStatusConnected:
		return nil
	case api.IntegrationStatusError:
		return web.NewStatusError(http.StatusConflict, api.ErrorCodeIntegrationError, "the %s integration of this partner is in an error state; check its API credentials under Settings & policies > API & Integrations > PSA Integration in Sophos Central Partner", in.Name)
	default:
		return web.NewStatusError(http.StatusConflict, api.ErrorCodeIntegrationNotConnected, "%s is not connected to this partner account; connect it under Settings & policies > API & Integrations > PSA Integration in Sophos Central Partner first", in.Name)
	}
}

// relaxedPSARoute reports whether a {psa} route answers while the PSA is not connected:
// the integration itself (connecting needs it) and, for a PSA in error, its schedule and
// history. Their handlers say when the PSA's state matters.
func relaxedPSARoute(path string) bool {
	return strings.HasSuffix(path, "/integration") || strings.Contains(path, "/integration/") || strings.HasSuffix(path, "/usage-sync/runs")
}

// writer is who a write of request r is by: the API client it authenticated as (the
// contract's updatedBy).
func writer(r *http.Request) store.Writer {
	return store.APIClient(web.PrincipalOf(r).ClientID)
}
