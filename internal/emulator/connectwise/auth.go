package connectwise

import (
	"context"
	"encoding/base64"
	"net/http"
	"strings"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	cw "github.com/psa-iac/terraform-provider-sophos/internal/api/connectwise"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/psacredentials"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/web"
)

// Authentication as ConnectWise does it: `Authorization: Basic base64(company+public:private)`
// of an API member, checked against the API members each partner's ConnectWise accepts (the
// seed's ConnectWise credentials and apiUsers), and the integration's `clientId` header on
// every call. The login company id names the partner whose data the request sees; the
// site is not checked (the emulator answers on its own host).

// member is the API member a request authenticated as.
type member struct {
	PartnerID string
	CompanyID string
	// ID is what _info.updatedBy shows of the member's writes.
	ID       string
	ReadOnly bool
}

type memberKey struct{}

// memberOf is the authenticated member of r.
func memberOf(r *http.Request) member {
	m, _ := r.Context().Value(memberKey{}).(member)
	return m
}

// Texts of the 401s. UserNotAuthenticated is ConnectWise's own; the clientId texts are the
// emulator's words (ConnectWise's are not published).
const (
	textNoClientID      = "A clientId header is required on every API call; register your integration's clientId at https://developer.connectwise.com/ClientID."
	textUnknownClientID = "The clientId is not valid for this company; use the clientId registered for your integration at https://developer.connectwise.com/ClientID."
)

// Authenticate lets requests to the API through once their API member and clientId are
// accepted; login/companyinfo needs neither. Every answer carries api-current-version.
func (rm *Room) Authenticate(next http.Handler) http.Handler {
	// Every answer names the model version served, as ConnectWise's do.
	return web.AnswerHeader(cw.CurrentVersionHeader, cw.APIVersion, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, cw.CompanyInfoPath) {
			next.ServeHTTP(w, r)
			return
		}
		m, err := rm.authenticate(r)
		if err != nil {
			rm.api.WriteError(w, r, err)
			return
		}
		r = web.WithPrincipal(r, web.Principal{ClientID: m.ID, PartnerID: m.PartnerID})
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), memberKey{}, m)))
	}))
}

func (rm *Room) authenticate(r *http.Request) (member, error) {
	company, public, private, ok := basicKeys(r.Header.Get("Authorization"))
	if !ok {
		return member{}, unauthenticated(cw.MessageUserNotAuthenticated)
	}
	users, err := rm.api.Store.Q().APIUsersOfPSA(r.Context(), api.PsaConnectwise)
	if err != nil {
		return member{}, err
	}
	var found *store.PartnerAPIUser
	clientIDs := map[string]bool{}
	for i, u := range users {
		if !strings.EqualFold(u.Settings.CompanyID, company) {
			continue
		}
		clientIDs[strings.ToLower(u.Settings.ClientID)] = true
		if found == nil && u.Login == public && psacredentials.SecretMatches(api.PsaConnectwise, u.StoredCredentials, private) {
			found = &users[i]
		}
	}
	if found == nil {
		return member{}, unauthenticated(cw.MessageUserNotAuthenticated)
	}
	switch clientID := strings.TrimSpace(r.Header.Get(cw.ClientIDHeader)); {
	case clientID == "":
		return member{}, unauthenticated(textNoClientID)
	case !clientIDs[strings.ToLower(clientID)]:
		return member{}, unauthenticated(textUnknownClientID)
	}
	id := found.Settings.MemberID
	if id == "" {
		id = found.Login
	}
	return member{PartnerID: found.PartnerID, CompanyID: found.Settings.CompanyID, ID: id, ReadOnly: found.Settings.ReadOnly}, nil
}

// basicKeys reads `Basic base64(company+public:private)`.
func basicKeys(header string) (company, public, private string, ok bool) {
	raw, found := strings.CutPrefix(header, "Basic ")
	if !found {
		return "", "", "", false
	}
	dec, err := base64.StdEncoding.DecodeString(strings.TrimSpace(raw))
	if err != nil {
		return "", "", "", false
	}
	user, private, found := strings.Cut(string(dec), ":")
	if !found {
		return "", "", "", false
	}
	company, public, found = strings.Cut(user, "+")
	return company, public, private, found && company != "" && public != ""
}

// checkWrite refuses a write by a member whose security role only reads (403).
func checkWrite(r *http.Request, what string) error {
	if memberOf(r).ReadOnly {
		return web.NewStatusError(http.StatusForbidden, "Forbidden",
			"You do not have access to %s: the API member's security role allows Inquire only (add, edit and delete are not granted).", what)
	}
	return nil
}
