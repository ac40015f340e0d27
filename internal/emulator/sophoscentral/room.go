// Package sophoscentral is the emulator's room for Sophos Central's own APIs: the OAuth2
// token endpoint (token.go), the bearer-token authentication and partner scoping every
// Sophos API shares (auth.go), whoami, the partner's tenants and the Partner Billing API
// (billing.go). Handlers return values; web.API writes them in Sophos Central's error shape.
package sophoscentral

import (
	"net/http"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/web"
)

// TokenPath is the OAuth2 token endpoint (a route, not a credential).
const TokenPath = "/api/v2/oauth2/token" //nolint:gosec // not a credential

// Room serves Sophos Central's APIs: the operations of apiserver.ServerInterface that are
// not the PSA Integration API's.
type Room struct {
	api      *web.API
	faults   *web.FaultControl
	url      string
	failures *tokenFailures
}

// New is the room of an emulator at url, answering through a; faults gives the token
// lifetime; tokenFailureLimit is Options.TokenFailureLimit.
func New(a *web.API, faults *web.FaultControl, url string, tokenFailureLimit int) *Room {
	return &Room{api: a, faults: faults, url: url, failures: newTokenFailures(tokenFailureLimit)}
}

// FailingClients is the number of client ids with recent failed token requests on record.
func (rm *Room) FailingClients() int { return rm.failures.clients() }

// CreateToken implements POST /api/v2/oauth2/token (client credentials grant).
func (rm *Room) CreateToken(w http.ResponseWriter, r *http.Request) {
	rm.api.Serve(w, r, func(q store.Q) (web.Reply, error) { return rm.createToken(r, q) })
}

// Whoami implements GET /whoami/v1.
func (rm *Room) Whoami(w http.ResponseWriter, r *http.Request) {
	rm.api.Serve(w, r, func(store.Q) (web.Reply, error) { return rm.whoami(r), nil })
}

// ListTenants implements GET /partner/v1/tenants.
func (rm *Room) ListTenants(w http.ResponseWriter, r *http.Request, params api.ListTenantsParams) {
	rm.api.Serve(w, r, func(q store.Q) (web.Reply, error) { return listTenants(r, q, params) })
}

// GetBillingUsage implements GET /partner/v1/billing/usage/{year}/{month}.
func (rm *Room) GetBillingUsage(w http.ResponseWriter, r *http.Request, year, month int, params api.GetBillingUsageParams) {
	rm.api.Serve(w, r, func(q store.Q) (web.Reply, error) { return rm.billingUsage(r, q, year, month, params) })
}
