package sophoscentral

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/web"
)

// Authenticate checks the bearer token of every Sophos API request but the token
// endpoint's and, on /partner/ routes, the X-Partner-ID header (partner scoping); the
// principal goes into the request for the routes after it (web.PrincipalOf).
func (rm *Room) Authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == TokenPath {
			next.ServeHTTP(w, r)
			return
		}
		p, err := rm.principal(r)
		if err != nil {
			var se *web.StatusError
			if errors.As(err, &se) {
				err = se.WithHeader("WWW-Authenticate", `Bearer realm="sophos-psa-emulator"`)
			}
			rm.api.WriteError(w, r, err)
			return
		}
		next.ServeHTTP(w, web.WithPrincipal(r, p))
	})
}

func (rm *Room) principal(r *http.Request) (web.Principal, error) {
	authz := r.Header.Get("Authorization")
	scheme, token, ok := strings.Cut(authz, " ")
	if authz == "" {
		return web.Principal{}, web.Unauthorized("missing Authorization header; send \"Authorization: Bearer <access_token>\" with a token from POST %s", TokenPath)
	}
	token = strings.TrimSpace(token)
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return web.Principal{}, web.Unauthorized("the Authorization header must be \"Bearer <access_token>\"")
	}
	h, err := rm.api.Store.Q().TokenHolder(r.Context(), token)
	if errors.Is(err, store.ErrNotFound) {
		return web.Principal{}, web.Unauthorized("the access token is not valid; request a new one from POST %s", TokenPath)
	}
	if err != nil {
		return web.Principal{}, err
	}
	if !rm.api.Now().Before(h.Expires) {
		return web.Principal{}, web.Unauthorized("the access token expired at %s; request a new one from POST %s", h.Expires.Format(time.RFC3339), TokenPath)
	}
	p := web.Principal{ClientID: h.ClientID, IDType: api.WhoamiIdType(h.IDType), PartnerID: h.PartnerID, TenantID: h.TenantID, Region: h.Region}
	if !strings.HasPrefix(r.URL.Path, "/partner/") {
		return p, nil
	}
	header := r.Header.Get("X-Partner-ID")
	switch {
	case header == "":
		return web.Principal{}, web.Unauthorized("the X-Partner-ID header is required on partner APIs; send the partner id from GET /whoami/v1")
	case p.IDType != api.WhoamiIdTypePartner:
		return web.Principal{}, web.Forbidden("this is %s credential; partner APIs need a partner API credential (Sophos Central Partner > Settings & policies > API Credentials Management)", api.WithArticle(string(p.IDType)))
	case !strings.EqualFold(header, p.PartnerID):
		return web.Principal{}, web.Forbidden("X-Partner-ID %s is not the partner this token belongs to; send the id from GET /whoami/v1", header)
	}
	return p, nil
}

// whoami answers GET /whoami/v1.
func (rm *Room) whoami(r *http.Request) web.Reply {
	p := web.PrincipalOf(r)
	var out api.Whoami
	out.IdType = p.IDType
	out.ApiHosts.Global = rm.url
	if p.IDType == api.WhoamiIdTypeTenant {
		out.Id = p.TenantID
		out.ApiHosts.DataRegion = ptr(RegionalHost(p.Region))
	} else {
		out.Id = p.PartnerID
	}
	return web.OK(out)
}

// RegionalHost is the Sophos Central API host of a data region.
func RegionalHost(region string) string {
	return "https://api-" + strings.ToLower(region) + ".central.sophos.com"
}
