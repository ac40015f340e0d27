package autotask

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	at "github.com/psa-iac/terraform-provider-sophos/internal/api/autotask"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/psacredentials"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/web"
)

// Autotask's header authentication: every call but zoneInformation carries the API user's
// UserName and Secret and the integration's ApiIntegrationCode (optionally an
// ImpersonationResourceId). The users are the partner's Autotask API users (psa_api_users),
// the same Sophos's connection is checked against.

// caller is who an authenticated request comes from.
type caller struct {
	web.Principal
	// cannotSee are the entities the API user's security level hides.
	cannotSee []string
}

type ctxKey struct{}

func callerOf(r *http.Request) caller {
	c, _ := r.Context().Value(ctxKey{}).(caller)
	return c
}

// sees reports whether the caller's security level shows entity.
func (c caller) sees(entity string) bool {
	return !slices.ContainsFunc(c.cannotSee, func(e string) bool { return strings.EqualFold(e, entity) })
}

// user finds the API user with name login: the primary partner's when several partners
// have it, else the first by partner id. store.ErrNotFound when there is none.
func (rm *Room) user(ctx context.Context, q store.Q, login string) (store.PartnerAPIUser, error) {
	if strings.TrimSpace(login) == "" {
		return store.PartnerAPIUser{}, store.ErrNotFound
	}
	users, err := q.APIUsersNamed(ctx, api.PsaAutotask, login)
	if err != nil || len(users) == 0 {
		return store.PartnerAPIUser{}, errors.Join(err, store.ErrNotFound)
	}
	for _, u := range users {
		if u.PartnerID == rm.primary {
			return u, nil
		}
	}
	return users[0], nil
}

// Authenticate checks the authentication headers of every request but the zone lookup and
// puts the caller in the request: an unknown user or a wrong secret is 401, a wrong
// integration code is Autotask's 500 naming it.
func (rm *Room) Authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/"+zoneInformation) {
			next.ServeHTTP(w, r)
			return
		}
		c, err := rm.authenticate(r)
		if err != nil {
			rm.api.WriteError(w, r, err)
			return
		}
		r = web.WithPrincipal(r, c.Principal)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, c)))
	})
}

func (rm *Room) authenticate(r *http.Request) (caller, error) {
	login, secret, code := r.Header.Get(at.HeaderUserName), r.Header.Get(at.HeaderSecret), r.Header.Get(at.HeaderIntegrationCode)
	var missing []string
	for _, h := range []struct{ name, value string }{{at.HeaderUserName, login}, {at.HeaderSecret, secret}, {at.HeaderIntegrationCode, code}} {
		if h.value == "" {
			missing = append(missing, h.name)
		}
	}
	if len(missing) > 0 {
		return caller{}, web.Unauthorized("Unauthorized: the %s header(s) are missing; every call needs UserName, Secret and ApiIntegrationCode", strings.Join(missing, ", "))
	}
	u, err := rm.user(r.Context(), rm.api.Store.Q(), login)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return caller{}, web.Unauthorized("Unauthorized")
	case err != nil:
		return caller{}, err
	case !psacredentials.SecretMatches(api.PsaAutotask, u.StoredCredentials, secret):
		return caller{}, web.Unauthorized("Unauthorized")
	case u.Settings.IntegrationCode != code:
		return caller{}, refused("IntegrationCode is invalid for this API user.")
	}
	if id := r.Header.Get(at.HeaderImpersonation); id != "" {
		if n, err := strconv.ParseInt(id, 10, 64); err != nil || n <= 0 {
			return caller{}, refused("ImpersonationResourceId %q is not the id of a resource.", id)
		}
	}
	return caller{Principal: web.Principal{ClientID: u.Login, PartnerID: u.PartnerID}, cannotSee: u.Settings.CannotSee}, nil
}
